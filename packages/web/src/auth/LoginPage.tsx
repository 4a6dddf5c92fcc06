import './login.css';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../common/api.ts';
import { ME_KEY, type Me } from './session.ts';

type LoginForm = { username: string; password: string };

/** The signed-in app, fetched while the user types, so 登录 → home does not wait for it. */
function prefetchApp() {
  void import('../app/routes.tsx');
  void import('../app/AntdFrame.tsx');
  void import('../app/AppShell.tsx');
  void import('../dashboard/DashboardPage.tsx');
}

/**
 * The first screen most users see, often on a slow mobile connection: plain elements and a few
 * lines of CSS (login.css), no component library, so it is usable after a few dozen kilobytes.
 */
export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const [missing, setMissing] = useState<Partial<Record<keyof LoginForm, string>>>({});
  const login = useMutation({
    mutationFn: (body: LoginForm) => api.post<Me>('/auth/login', body),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(ME_KEY, me);
      const next = params.get('next');
      // Only same-site paths, so the link cannot send the user elsewhere.
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    },
  });
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 500));
    idle(prefetchApp);
  }, []);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const body = {
      username: String(data.get('username') ?? '').trim(),
      password: String(data.get('password') ?? ''),
    };
    const gaps = {
      ...(body.username ? {} : { username: '请输入用户名' }),
      ...(body.password ? {} : { password: '请输入密码' }),
    };
    setMissing(gaps);
    if (!gaps.username && !gaps.password) login.mutate(body);
  };

  return (
    <div className="login-page">
      <main className="login-card">
        <h1 className="login-title">农安</h1>
        <p className="login-subtitle">铜梁区农产品质量安全监管平台</p>
        {login.error && (
          <div className="login-error" role="alert">
            {errorMessage(login.error)}
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <label className="login-label" htmlFor="login-username">
            用户名
          </label>
          <input
            id="login-username"
            name="username"
            className="login-input"
            autoComplete="username"
            autoCapitalize="off"
            aria-invalid={!!missing.username}
          />
          {missing.username && <div className="login-hint">{missing.username}</div>}
          <label className="login-label" htmlFor="login-password">
            密码
          </label>
          <input
            id="login-password"
            name="password"
            type="password"
            className="login-input"
            autoComplete="current-password"
            aria-invalid={!!missing.password}
          />
          {missing.password && <div className="login-hint">{missing.password}</div>}
          <button type="submit" className="login-button" disabled={login.isPending}>
            {login.isPending ? '登录中…' : '登录'}
          </button>
        </form>
      </main>
    </div>
  );
}
