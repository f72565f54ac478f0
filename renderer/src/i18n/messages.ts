/**
 * The shape every catalogue shares. The English catalogue (en/) is the reference: each other
 * language is typed `Messages<typeof en>`, so a missing or extra key fails the type check, and
 * `MessageKey` is every key `t()` accepts (plural forms '_one' / '_other' by their base name).
 */
import type { en } from './en/index.ts';

export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

type Join<P extends string, K extends string> = P extends '' ? K : `${P}.${K}`;
type Base<K extends string> = K extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : K;
type Keys<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? Join<P, Base<K>> : Keys<T[K], Join<P, K>> }[keyof T & string];

export type MessageKey = Keys<typeof en>;
/** Values put into a message's {{placeholders}}; `count` also picks the plural form. */
export type MessageVars = Record<string, string | number>;
