import { Alert, Modal, Typography } from 'antd';

/** Shows a new password once; it is not kept anywhere after this dialog closes. */
export function ShowPassword({
  shown,
  onClose,
}: {
  shown: { username: string; password: string } | null;
  onClose: () => void;
}) {
  return (
    <Modal
      title="请记录新密码"
      open={!!shown}
      onOk={onClose}
      onCancel={onClose}
      okText="我已记录"
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      {shown && (
        <>
          <Typography.Paragraph>
            用户 <Typography.Text strong>{shown.username}</Typography.Text> 的密码：
          </Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: shown.password }} code style={{ fontSize: 18 }}>
            {shown.password}
          </Typography.Paragraph>
          <Alert
            type="warning"
            showIcon
            title="密码只显示这一次，请通过安全渠道告知本人，并提醒其登录后修改密码。"
          />
        </>
      )}
    </Modal>
  );
}
