import type { Role, UserView } from '@nongan/shared/accounts/schemas';
import { useQuery } from '@tanstack/react-query';
import { api } from '../common/api.ts';

export type Me = { user: UserView; demo: boolean };

export const ME_KEY = ['auth', 'me'];

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: () => api.get<Me>('/auth/me'),
    retry: false,
    staleTime: 60_000,
  });
}

// Mirrors the server's guards (accounts/scope.ts) so the UI only offers what will be allowed.
export const DIRECTORY_EDITORS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];
export const AUDIT_READERS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];
export const DIVISION_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
export const USER_ADMINS: readonly Role[] = ['district_admin'];

export const can = (user: UserView | undefined, roles: readonly Role[]) =>
  !!user && roles.includes(user.role);
