import type { Role } from '@nongan/shared/accounts/schemas';
import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { can, useMe } from '../auth/session.ts';
import { WARNING_READERS } from '../warnings/queries.ts';
import { WarningSummaryAlert } from '../warnings/WarningSummaryAlert.tsx';

// Each role's first screen is its own module: a market checker's phone never loads the charts.
const DistrictHome = lazy(() => import('./DistrictHome.tsx').then((m) => ({ default: m.DistrictHome })));
const TownHome = lazy(() => import('./TownHome.tsx').then((m) => ({ default: m.TownHome })));
const LabHome = lazy(() => import('./LabHome.tsx').then((m) => ({ default: m.LabHome })));
const ProducerHome = lazy(() => import('./ProducerHome.tsx').then((m) => ({ default: m.ProducerHome })));
const MarketHome = lazy(() => import('./MarketHome.tsx').then((m) => ({ default: m.MarketHome })));

const HOMES: Record<Role, React.ComponentType> = {
  district_admin: DistrictHome,
  district_staff: DistrictHome,
  testing_centre: LabHome,
  town_supervisor: TownHome,
  village_coordinator: TownHome,
  producer: ProducerHome,
  market_checker: MarketHome,
};

export function HomePage() {
  const user = useMe().data?.user;
  if (!user) return <Skeleton active />;
  const Home = HOMES[user.role];
  return (
    <>
      {/* Where a login lands: the user's open warnings first, whatever the role's page below. */}
      {can(user, WARNING_READERS) && <WarningSummaryAlert />}
      <Suspense fallback={<Skeleton active />}>
        <Home />
      </Suspense>
    </>
  );
}
