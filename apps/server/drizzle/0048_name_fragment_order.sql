-- Name fragments read in result order (issue 16 item 8; docs/decisions/0020).
-- A fragment (秀英) matched through the GIN name-key index (0020, 0022) fetched every match in the scope and sorted
-- them by (name_pinyin, id) for a page of 50: 2,700 matches city-wide, a random heap page each, 6 req/s. A name of up
-- to four characters holds a fragment's last bigram at character 1, 2 or 3, so three B-trees keyed by the bigram at
-- each position and then by the name order give every match of a bigram already sorted: the search walks each in
-- order (index-only: the name for the LIKE, the district and path for the scope, the birth date for age filters are
-- carried) and stops after a page. Names of five characters or more are few and are found by a GIN of their bigrams.
-- Each position also per district (district_id first): a search inside a district walks only its matches, and a town's
-- or a village's walk reads its district's matches at most instead of the city's (with the city-wide ones alone, a
-- town's search read up to 79,000 entries to find its few). All are partial: active persons (the statement writes
-- `status = 'active'` as a literal) and, for positions 2 and 3 and the long names, the lengths that can hold them.
-- They replace the name-key GIN (plain and district-prefixed bigrams), which nothing else reads.
CREATE INDEX IF NOT EXISTS persons_name_gram1_idx ON persons ((substr(name, 1, 2)), name_pinyin, id) INCLUDE (name, district_id, org_path, birth_date) WHERE status = 'active';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_name_gram2_idx ON persons ((substr(name, 2, 2)), name_pinyin, id) INCLUDE (name, district_id, org_path, birth_date) WHERE status = 'active' AND char_length(name) >= 3;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_name_gram3_idx ON persons ((substr(name, 3, 2)), name_pinyin, id) INCLUDE (name, district_id, org_path, birth_date) WHERE status = 'active' AND char_length(name) >= 4;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_name_gram1_idx ON persons (district_id, (substr(name, 1, 2)), name_pinyin, id) INCLUDE (name, org_path, birth_date) WHERE status = 'active';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_name_gram2_idx ON persons (district_id, (substr(name, 2, 2)), name_pinyin, id) INCLUDE (name, org_path, birth_date) WHERE status = 'active' AND char_length(name) >= 3;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_name_gram3_idx ON persons (district_id, (substr(name, 3, 2)), name_pinyin, id) INCLUDE (name, org_path, birth_date) WHERE status = 'active' AND char_length(name) >= 4;
--> statement-breakpoint
-- (Schema-qualified: PostgreSQL 17+ builds indexes with a search_path of pg_catalog only.)
CREATE INDEX IF NOT EXISTS persons_long_name_grams_idx ON persons USING gin (public.jinguo_bigrams(name)) WHERE status = 'active' AND char_length(name) >= 5;
--> statement-breakpoint
DROP INDEX IF EXISTS persons_name_keys_idx;
