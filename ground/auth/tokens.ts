/**
 * Operator tokens: 256 random bits as base64url text with a prefix that
 * says what they are ("ogt_": orbital ground token). The ground keeps only
 * their SHA-256; a token has too much entropy for the hash to be searched,
 * so no slow key derivation is needed.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'ogt_';
export const TOKEN_BYTES = 32;
/** What a presented token must look like before it is even hashed. */
const TOKEN_PATTERN = /^ogt_[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
}

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const looksLikeToken = (text: string): boolean => TOKEN_PATTERN.test(text);
