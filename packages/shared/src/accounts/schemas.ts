import { z } from 'zod';

export const ROLES = [
  'district_admin',
  'district_staff',
  'testing_centre',
  'town_supervisor',
  'village_coordinator',
  'producer',
  'market_checker',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  district_admin: '区级管理员',
  district_staff: '区农产品质量安全办',
  testing_centre: '区检测中心',
  town_supervisor: '镇街监管员',
  village_coordinator: '村级协管员',
  producer: '生产经营主体',
  market_checker: '市场查验员',
};

/** Roles scoped to a division (district, town or village); the producer is scoped to its entity instead. */
export const REGION_ROLES: readonly Role[] = [
  'district_admin',
  'district_staff',
  'testing_centre',
  'town_supervisor',
  'village_coordinator',
  'market_checker',
];

export const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{3,40}$/, '用户名为3-40位字母、数字、下划线、点或连字符');
export const password = z.string().min(10, '密码至少10位').max(128, '密码最多128位');

export const loginBody = z.strictObject({
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(128),
});
export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: password,
});

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  scopeCode: z.string().nullable(),
  scopeName: z.string().nullable(),
  entityId: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userView>;

export const userCreateBody = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(40),
  role: z.enum(ROLES),
  scopeCode: z
    .string()
    .regex(/^\d{6,12}$/, '应为6-12位行政区划代码')
    .nullable()
    .optional(),
  entityId: z.uuid().nullable().optional(),
  password,
});
export const userUpdateBody = z.strictObject({
  displayName: z.string().trim().min(1).max(40).optional(),
  active: z.boolean().optional(),
  password: password.optional(),
});

export const meView = z.object({ user: userView, demo: z.boolean() });
