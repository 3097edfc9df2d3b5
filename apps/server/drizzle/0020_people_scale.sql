-- People registry at city scale (issue 3 item 11; docs/decisions/0009).
-- Sorted lists by birth date and by registration time are served in index order at district and city scope (they
-- sorted a whole district, 4 s cold at 75,000 persons, and the whole city at city scope). Birth dates unknown sort
-- last: the key is coalesce(birth_date, '9999-12-31'), which also serves the age range filters.
CREATE INDEX IF NOT EXISTS persons_birth_order_idx ON persons ((coalesce(birth_date, '9999-12-31'::date)), id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_birth_idx ON persons (district_id, (coalesce(birth_date, '9999-12-31'::date)), id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_created_order_idx ON persons (created_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_created_idx ON persons (district_id, created_at, id);
--> statement-breakpoint
-- Every index is paid for by each imported row. Not used by any query: the trigram index (name search uses the bigram
-- index since 0008), the pinyin prefix indexes (a pinyin prefix is a range on the (name_pinyin, id) and
-- (district_id, name_pinyin, id) indexes) and the plain birth-date index (replaced by the ordered one above).
DROP INDEX IF EXISTS persons_name_trgm;
--> statement-breakpoint
DROP INDEX IF EXISTS persons_pinyin_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS persons_district_pinyin_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS persons_birth_idx;
