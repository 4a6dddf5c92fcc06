import type { Role } from '@nongan/shared/accounts/schemas';

// Mirrors the server's guard (complaints/routes.ts).
export const COMPLAINT_HANDLERS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];
