import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MigrantProfile } from '@jinguo/contracts';
import type { z } from 'zod';

/** Where she is now: the coded place's name, or what was typed with why a cadre must fix it. */
export function PlaceText({ profile }: { profile: z.infer<typeof MigrantProfile> }) {
  const { t } = useTranslation();
  const typed =
    profile.currentPlaceText ?? ([profile.currentProvince, profile.currentCity].filter(Boolean).join(' ') || null);
  return (
    <span data-testid="migrant-place-text">
      {profile.currentPlace ? (
        profile.currentPlace.name
      ) : (
        <Typography.Text type="secondary">{typed ?? '—'}</Typography.Text>
      )}
      {profile.placeIssue && (
        <Tag color="warning" style={{ marginInlineStart: 8 }}>
          {t(`people.migrant.placeIssues.${profile.placeIssue}`)}
        </Tag>
      )}
    </span>
  );
}
