// ISI's fault strings are not published. What we know: a refused login, a customer not opened to the partner and an
// unknown trigger each come back as a SOAP fault with a text. These patterns sort a fault into the condition an
// operator acts on; anything else stays IsiFaultError with ISI's text verbatim. Extend the table when IST's real
// wording is seen (the run's failure shows the text).

export const IsiFaultKind = { LoginRefused: 'loginRefused', NotOpened: 'notOpened', UnknownTrigger: 'unknownTrigger', Other: 'other' } as const;
export type IsiFaultKind = (typeof IsiFaultKind)[keyof typeof IsiFaultKind];

const PATTERNS: { kind: IsiFaultKind; pattern: RegExp }[] = [
  { kind: IsiFaultKind.UnknownTrigger, pattern: /trigger.*(unknown|not found|no such|does not exist|expired|invalid)|(unknown|invalid|no such) trigger/i },
  { kind: IsiFaultKind.LoginRefused, pattern: /password|login|logon|authenticat|credential|unknown (partner|system)|invalid (partner|system)/i },
  { kind: IsiFaultKind.NotOpened, pattern: /not open|no access|access (is )?denied|not (allowed|permitted|authori[sz]ed)|no (agreement|integration)|(not|no) .*partner/i },
];

export function classifyFault(text: string): IsiFaultKind {
  return PATTERNS.find((p) => p.pattern.test(text))?.kind ?? IsiFaultKind.Other;
}
