// The fixed list of what a login may do (A4), and the role presets that fill it in. The
// presets are a convenience on the form; the stored list of permissions is what decides.
export const PERMISSIONS = [
  'place_orders',
  'view_orders',
  'view_all_orders',
  'view_prices',
  'view_quotes',
  'use_shopping_lists',
  'use_inquiries',
  'approve_orders',
  'manage_users',
  'manage_company',
  'manage_budgets',
  'manage_employees',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PRESETS: Record<string, readonly Permission[]> = {
  admin: PERMISSIONS,
  buyer: ['place_orders', 'view_orders', 'view_prices', 'view_quotes', 'use_shopping_lists', 'use_inquiries'],
  price_viewer: ['view_prices'],
  approver: ['approve_orders', 'view_orders', 'view_all_orders', 'view_prices', 'view_quotes'],
  supervisor: ['manage_employees', 'view_orders', 'view_all_orders', 'view_prices'],
};

// "Admin" of a customer account = may manage its users; the last one cannot lock the door.
export const ADMIN_PERMISSION: Permission = 'manage_users';

export function presetOf(permissions: readonly string[]): string | null {
  const given = [...permissions].sort().join(',');
  for (const [name, preset] of Object.entries(ROLE_PRESETS)) {
    if ([...preset].sort().join(',') === given) return name;
  }
  return null;
}
