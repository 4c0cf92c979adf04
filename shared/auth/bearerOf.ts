/**
 * The token of an `Authorization: Bearer <token>` header, or undefined when the header is absent
 * or uses another scheme (the authorizer then answers 401).
 *
 * @example
 * bearerOf('Bearer eyJ…'); // 'eyJ…'
 */
export function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
