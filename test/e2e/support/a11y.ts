/**
 * Accessibility checks for one screen: axe-core (WCAG 2.1 A and AA rules) with no serious or
 * critical violation, and a keyboard walk: Tab reaches every enabled control on the screen, and
 * every control it reaches shows a visible focus (an outline or a box shadow that appears on
 * focus).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export type AxeProblem = { id: string; impact: string; help: string; targets: string[] };

export async function seriousAxeViolations(page: Page): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

const CONTROLS = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role="tab"]';

/** A short CSS-ish name for messages: tag, test id, text. */
const DESCRIBE = `(el) => el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '') + (el.id ? '#' + el.id : '') + ' ' + JSON.stringify((el.textContent || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').trim().slice(0, 40))`;

/**
 * Presses Tab through the page (at most `maxStops` times) and reports the enabled, visible
 * controls inside `scope` it never reached, and those it reached without a visible focus style.
 * One tab of a tab list is enough (the others are reached with the arrow keys).
 */
export async function keyboardWalk(page: Page, scope = 'body', maxStops = 400): Promise<{ unreached: string[]; noFocusStyle: string[]; stops: number }> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    (window as unknown as { __focusSeen: Set<Element>; __noStyle: string[] }).__focusSeen = new Set();
    (window as unknown as { __noStyle: string[] }).__noStyle = [];
  });
  await page.evaluate((describe) => {
    const w = window as unknown as { __focusSeen: Set<Element>; __noStyle: string[]; __onFocus?: (e: FocusEvent) => void };
    const name = new Function(`return ${describe}`)() as (el: Element) => string;
    const styled = (el: Element) => {
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      return outline || (s.boxShadow !== 'none' && s.boxShadow !== '');
    };
    w.__onFocus = (e: FocusEvent) => {
      const el = e.target as Element;
      w.__focusSeen.add(el);
      if (!styled(el)) w.__noStyle.push(name(el));
    };
    document.addEventListener('focusin', w.__onFocus);
  }, DESCRIBE);
  // Start from the top of the document, as a keyboard user does after loading the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('body').press('Home').catch(() => {});
  let stops = 0;
  let wrapped = false;
  for (; stops < maxStops && !wrapped; stops++) {
    await page.keyboard.press('Tab');
    wrapped = await page.evaluate(() => {
      const w = window as unknown as { __first?: Element };
      const el = document.activeElement;
      if (!el || el === document.body) return false;
      if (!w.__first) {
        w.__first = el;
        return false;
      }
      return el === w.__first;
    });
  }
  return page.evaluate(
    ({ scope, controls, describe }) => {
      const w = window as unknown as { __focusSeen: Set<Element>; __noStyle: string[]; __onFocus: (e: FocusEvent) => void; __first?: Element };
      document.removeEventListener('focusin', w.__onFocus);
      delete w.__first;
      const name = new Function(`return ${describe}`)() as (el: Element) => string;
      const root = document.querySelector(scope) ?? document.body;
      const wanted = Array.from(root.querySelectorAll(controls)).filter((el) => {
        const h = el as HTMLElement & { disabled?: boolean };
        if (h.disabled || el.closest('[inert], dialog:not([open])')) return false;
        if (el.getAttribute('role') === 'tab' && el.getAttribute('aria-selected') !== 'true') return false;
        if (el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'radio' && !(el as HTMLInputElement).checked && document.querySelector(`input[type=radio][name="${(el as HTMLInputElement).name}"]:checked`)) return false;
        return h.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && h.getBoundingClientRect().width > 0;
      });
      return { unreached: wanted.filter((el) => !w.__focusSeen.has(el)).map(name), noFocusStyle: [...new Set(w.__noStyle)], stops: w.__focusSeen.size };
    },
    { scope, controls: CONTROLS, describe: DESCRIBE },
  );
}
