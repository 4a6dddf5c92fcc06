import type { PasswordStrength as Strength } from '@nongan/shared/accounts/password-strength';
import { Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';

// The dictionaries are large: loaded on first use, in their own chunk, only on password forms.
const rule = () => import('@nongan/shared/accounts/password-strength');

const LABELS = ['很弱', '弱', '一般', '强', '很强'];
const COLORS = ['#ff4d4f', '#ff7a45', '#faad14', '#52c41a', '#389e0d'];

/** The same rule the server applies, for a form's validator: rejects with the server's Chinese reason. */
export async function validateStrength(password: string | undefined, userInputs: (string | undefined)[]) {
  if (!password) return;
  const { passwordStrength, weakPasswordReason } = await rule();
  const s = passwordStrength(password, userInputs);
  if (!s.ok) throw new Error(weakPasswordReason(s));
}

function useStrength(password: string | undefined, userInputs: (string | undefined)[]): Strength | null {
  const [s, setS] = useState<Strength | null>(null);
  const key = userInputs.join('\u0000');
  useEffect(() => {
    let live = true;
    if (!password) setS(null);
    else void rule().then((m) => live && setS(m.passwordStrength(password, key.split('\u0000'))));
    return () => {
      live = false;
    };
  }, [password, key]);
  return s;
}

/** A strength meter under a new-password field: five steps, the verdict and zxcvbn's hint, in Chinese. */
export function PasswordStrengthMeter({
  password,
  userInputs,
}: {
  password: string | undefined;
  userInputs: (string | undefined)[];
}) {
  const s = useStrength(password, userInputs);
  if (!password || !s) return <span>至少10位；请避免常用密码、顺序字符和个人信息</span>;
  const hint = s.warning ?? s.suggestions[0];
  return (
    <Space orientation="vertical" size={0} style={{ width: '100%' }}>
      <Space size={8}>
        <Progress
          steps={5}
          percent={(s.score + 1) * 20}
          showInfo={false}
          strokeColor={COLORS[s.score]}
          size="small"
          aria-label="密码强度"
        />
        <Typography.Text type={s.ok ? 'success' : 'danger'}>
          强度：{LABELS[s.score]}
          {s.ok ? '' : '（不可用）'}
        </Typography.Text>
      </Space>
      {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
    </Space>
  );
}
