/** One colour per tag category of the dictionary, so a list reads at a glance (welfare red, children orange…). */
const CATEGORY_COLORS: Record<string, string> = {
  welfare: 'red',
  child: 'orange',
  family: 'magenta',
  migrant: 'blue',
  talent: 'purple',
  brand: 'cyan',
  role: 'green',
};

const CATEGORIES = ['welfare', 'child', 'family', 'migrant', 'talent', 'brand', 'role'] as const;
type Category = (typeof CATEGORIES)[number];

/** The i18n key naming a built-in category; a category added to the dictionary later shows as itself. */
export const categoryLabelKey = (category: string) =>
  CATEGORIES.includes(category as Category) ? (`people.tagCategories.${category as Category}` as const) : null;

export const tagColor = (category: string | undefined): string => (category && CATEGORY_COLORS[category]) || 'default';
