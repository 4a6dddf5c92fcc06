import { ScanOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useIsMobile } from './useIsMobile.ts';
import './scan.css';

/** The trace code inside a scanned label URL (…/t/<code>), or the text itself. */
export function traceCodeOf(text: string): string {
  const m = text.trim().match(/\/t\/([^/?#\s]+)/);
  return m ? decodeURIComponent(m[1] as string) : text.trim();
}

/** Why the camera cannot be used, in words a user can act on. */
export function cameraProblem(e: unknown): string {
  const name = (e as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return '未获得摄像头权限。请在浏览器设置中允许本网站使用摄像头，或在下方手工输入。';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return '没有找到可用的摄像头，请在下方手工输入。';
  if (name === 'NotReadableError' || name === 'TrackStartError')
    return '摄像头正被其他应用占用，请关闭后重试，或在下方手工输入。';
  return '无法打开摄像头，请在下方手工输入。';
}

/**
 * A button that opens the phone's camera and reads a QR code (a certificate's trace-code URL or
 * an entity code), giving its text to `onScan`. Without a camera, without permission or on plain
 * HTTP (browsers allow the camera only over HTTPS) the same dialog takes the code typed by hand.
 * The ZXing reader loads on first use, not with the page.
 */
export function ScanButton({
  onScan,
  label = '扫码',
  title = '扫描二维码',
  block,
  size,
  type,
}: {
  onScan: (text: string) => void;
  label?: string;
  title?: string;
  block?: boolean;
  size?: 'small' | 'middle' | 'large';
  type?: 'default' | 'text' | 'link';
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        icon={<ScanOutlined />}
        onClick={() => setOpen(true)}
        block={block}
        size={size}
        type={type}
        aria-label={title}
      >
        {label}
      </Button>
      {open && (
        <ScanDialog
          title={title}
          onClose={() => setOpen(false)}
          onScan={(text) => {
            setOpen(false);
            onScan(text);
          }}
        />
      )}
    </>
  );
}

function ScanDialog({
  title,
  onClose,
  onScan,
}: {
  title: string;
  onClose: () => void;
  onScan: (text: string) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [starting, setStarting] = useState(true);
  const [typed, setTyped] = useState('');
  const mobile = useIsMobile();
  const done = useRef(onScan);
  done.current = onScan;

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setProblem(
          window.isSecureContext
            ? '此浏览器不支持调用摄像头，请在下方手工输入或使用扫码枪。'
            : '通过 HTTP 访问时浏览器不允许使用摄像头（需 HTTPS），请在下方手工输入或使用扫码枪。',
        );
        setStarting(false);
        return;
      }
      try {
        const { BrowserQRCodeReader } = await import('@zxing/browser');
        if (cancelled || !video.current) return;
        const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 150 });
        const controls = await reader.decodeFromConstraints(
          { video: { facingMode: { ideal: 'environment' } }, audio: false },
          video.current,
          (result) => {
            const text = result?.getText().trim();
            if (!text || cancelled) return;
            cancelled = true;
            stop?.(); // before the await below returns, the cleanup after it stops the camera
            done.current(text);
          },
        );
        stop = () => controls.stop();
        if (cancelled) stop();
      } catch (e) {
        if (!cancelled) setProblem(cameraProblem(e));
      } finally {
        if (!cancelled) setStarting(false);
      }
    })();
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);

  const submitTyped = () => {
    if (typed.trim()) onScan(typed.trim());
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={null}
      width={mobile ? '100%' : 480}
      centered={!mobile}
      destroyOnHidden
      className="scan-dialog"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {problem ? (
          <Alert type="warning" showIcon title={problem} />
        ) : (
          <div className="scan-frame">
            <video ref={video} muted playsInline className="scan-video" />
            <div className="scan-target" />
            {starting && <Spin className="scan-spin" description="正在打开摄像头…" />}
          </div>
        )}
        {!problem && <Typography.Text type="secondary">将二维码置于框内，识别后自动填入。</Typography.Text>}
        <Space.Compact style={{ width: '100%' }}>
          <Input
            aria-label="手工输入"
            placeholder="手工输入追溯码或链接"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onPressEnter={submitTyped}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
          />
          <Button type="primary" onClick={submitTyped} disabled={!typed.trim()}>
            确定
          </Button>
        </Space.Compact>
      </Space>
    </Modal>
  );
}
