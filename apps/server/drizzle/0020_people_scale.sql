-- People registry at city scale (issue 3 item 11; docs/decisions/0009).
-- Sorted lists by birth date and by registration time are served in index order at district and city scope (they
-- sorted a whole district, 4 s cold at 75,000 persons, and the whole city at city scope). Birth dates unknown sort
-- last: the key is coalesce(birth_date, '9999-12-31'), which also serves the age range filters.
-- They carry the path, so a town's list (district index, path filter) is read from the index alone.
CREATE INDEX IF NOT EXISTS persons_birth_order_idx ON persons ((coalesce(birth_date, '9999-12-31'::date)), id) INCLUDE (org_path) WHERE status = 'active';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_birth_idx ON persons (district_id, (coalesce(birth_date, '9999-12-31'::date)), id) INCLUDE (org_path) WHERE status = 'active';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_created_order_idx ON persons (created_at, id) INCLUDE (org_path) WHERE status = 'active';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_created_idx ON persons (district_id, created_at, id) INCLUDE (org_path) WHERE status = 'active';
--> statement-breakpoint
-- Initials (王秀英 → wxy) match thousands in a district and tens of thousands in the city, spread over as many heap
-- pages: the initials indexes carry what the search's first phase reads (the sort key, the path, the id) and only
-- active persons, so that phase is an index-only scan.
DROP INDEX IF EXISTS persons_initials_idx;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_initials_idx ON persons (name_initials text_pattern_ops) INCLUDE (name_pinyin, org_path, id) WHERE status = 'active';
--> statement-breakpoint
DROP INDEX IF EXISTS persons_district_initials_idx;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_initials_idx ON persons (district_id, name_initials text_pattern_ops) INCLUDE (name_pinyin, org_path, id) WHERE status = 'active';
--> statement-breakpoint
-- The name order of the city and of a district likewise: filters on age and the subtree test are read from the index,
-- so a list filtered by tag and age walks the order without visiting the table.
DROP INDEX IF EXISTS persons_name_order_idx;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_name_order_idx ON persons (name_pinyin, id) INCLUDE (birth_date, org_path) WHERE status = 'active';
--> statement-breakpoint
DROP INDEX IF EXISTS persons_district_name_idx;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_name_idx ON persons (district_id, name_pinyin, id) INCLUDE (birth_date, org_path) WHERE status = 'active';
--> statement-breakpoint
-- Name fragments inside a district: a common fragment (秀英) is thousands of persons in the city but ~100 in a district,
-- and the bigram index alone made the search read all of the city's. The name keys are the name's bigrams, plain and
-- prefixed with the district ("27:秀英"); the search asks for the prefixed ones when its scope is inside a district.
-- (Schema-qualified: PostgreSQL 17+ builds indexes with a search_path of pg_catalog only.)
CREATE OR REPLACE FUNCTION jinguo_district_bigrams(district bigint, t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN district IS NULL THEN '{}'::text[] ELSE ARRAY(SELECT district::text || ':' || b FROM unnest(public.jinguo_bigrams(t)) AS b) END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_name_keys(district bigint, t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT public.jinguo_bigrams(t) || public.jinguo_district_bigrams(district, t) $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_name_keys_idx ON persons USING gin (jinguo_name_keys(district_id, name));
--> statement-breakpoint
DROP INDEX IF EXISTS persons_name_bigrams_idx;
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
