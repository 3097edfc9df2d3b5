import { useLocalize } from '../../i18n';
import { useCategories } from './demands.api';

/** The localized name of a category code (the code itself until the dictionary has loaded). */
export function useCategoryName(): (code: string) => string {
  const l = useLocalize();
  const categories = useCategories();
  return (code) => {
    const c = categories.data?.find((x) => x.code === code);
    return c ? l(c.name) : code;
  };
}
