import { Grid } from 'antd';

/** Below antd's md breakpoint (768px) the UI switches to the phone layout. */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}
