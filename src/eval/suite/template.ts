import Mustache from 'mustache';

/** Renders `{{var}}` placeholders without HTML escaping (prompts are not HTML). */
export function renderTemplate(template: string, vars: Record<string, unknown>): string {
  return Mustache.render(template, vars, undefined, { escape: (value: unknown) => String(value) });
}
