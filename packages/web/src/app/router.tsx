import { createBrowserRouter } from 'react-router-dom';
import { LoginPage } from '../auth/LoginPage.tsx';

let patched: Promise<void> | null = null;

/**
 * The login page is the only route known at start, so the first screen carries no component
 * library, schema code or menu; the rest (routes.tsx) is fetched and added on the first
 * navigation anywhere else (React Router's patchRoutesOnNavigation).
 */
export const router = createBrowserRouter([{ path: '/login', element: <LoginPage /> }], {
  patchRoutesOnNavigation: ({ patch }) => {
    patched ??= import('./routes.tsx').then((m) => patch(null, m.signedInRoutes));
    return patched;
  },
});
