import { ValidationError } from '../errors/index.ts';
import { normaliseId } from './normaliseId.ts';

/**
 * The hashed declared ID of an email or phone: normalised (trim + lowercase, or E.164), then
 * SHA-256 lowercase hex. A 400 naming `value` when it is not a valid email/phone.
 *
 * @example
 * hashDeclared('email', 'JohnDoe@example.com') // → '55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149'
 */
export function hashDeclared(type: 'email' | 'phone', value: string): string {
  const checked = normaliseId(`${type}_sha256`, value);
  if (!checked.ok) throw new ValidationError(`value: ${checked.detail}`, { field: 'value' });
  return checked.value;
}
