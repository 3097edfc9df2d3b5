-- Custom SQL migration file, put your code below! --
-- Prefix search (pinyin initials, full pinyin) inside one district, the scope most cadres work in.
CREATE INDEX IF NOT EXISTS persons_district_initials_idx ON persons (district_id, name_initials text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_district_pinyin_idx ON persons (district_id, name_pinyin text_pattern_ops);
--> statement-breakpoint
-- Chinese names have 2–4 characters: a trigram index cannot serve a 2-character query (晓梅), a bigram index can.
CREATE OR REPLACE FUNCTION jinguo_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN char_length(t) < 2 THEN ARRAY[t] ELSE ARRAY(SELECT substr(t, i, 2) FROM generate_series(1, char_length(t) - 1) AS i) END $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS persons_name_bigrams_idx ON persons USING gin (jinguo_bigrams(name));
--> statement-breakpoint
-- Under row-level security PostgreSQL uses an operator as an index condition only if its function is LEAKPROOF.
-- ltree's comparisons cannot reveal anything through errors, but ship unmarked, so every `path <@ $x` under RLS
-- scanned the whole scope (24.7 ms → 0.18 ms for a town's spaces). Marking needs a superuser; elsewhere the
-- queries stay correct and slower, and the deployment guide says to run this statement once as a superuser.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION ltree_risparent(ltree, ltree) LEAKPROOF;
    ALTER FUNCTION ltree_isparent(ltree, ltree) LEAKPROOF;
    ALTER FUNCTION ltree_eq(ltree, ltree) LEAKPROOF;
  END IF;
END $$;
