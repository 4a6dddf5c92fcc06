import type { Role } from '@nongan/shared/accounts/schemas';

// Mirrors the server's guard (training/service.ts).
export const TRAINING_ORGANISERS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];
export const STATUS_COLORS: Record<string, string> = { planned: 'blue', held: 'green', cancelled: 'default' };
