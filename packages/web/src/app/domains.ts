/**
 * Domains still to be built, each with the 2021 plan duty it will serve (see mission/plan-2021.md).
 * Every duty of the plan has its pages now; a new one starts here with a "功能建设中" page.
 */
export const PLANNED: Record<string, { title: string; duty: string }> = {};
