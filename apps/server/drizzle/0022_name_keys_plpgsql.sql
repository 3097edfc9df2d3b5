-- Custom SQL migration file, put your code below! --
-- The name-key functions behind persons_name_keys_idx (0008, 0020) as PL/pgSQL loops instead of SQL functions built
-- on ARRAY(SELECT … generate_series/unnest) sub-queries, which PostgreSQL cannot inline and runs through its SQL
-- function executor on every call: 70 µs per name before, 5 µs after, measured over 100,000 persons at scale 1. Every
-- row written to persons computes the keys for its GIN index, so this was a quarter of the database's cost of an
-- imported row (issue 3, docs/decisions/0009). The results are identical for every input — checked over all
-- 2,000,240 names of the scale-1 city and for the edge cases (NULL, '', one character, no district), and pinned by
-- a test — so the index built with the old definitions stays valid and is not rebuilt.
CREATE OR REPLACE FUNCTION jinguo_bigrams(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  n int := char_length(t);
  grams text[];
BEGIN
  IF t IS NULL THEN RETURN '{}'::text[]; END IF;
  IF n < 2 THEN RETURN ARRAY[t]; END IF;
  grams := array_fill(NULL::text, ARRAY[n - 1]);
  FOR i IN 1 .. n - 1 LOOP grams[i] := substr(t, i, 2); END LOOP;
  RETURN grams;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_district_bigrams(district bigint, t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  grams text[] := public.jinguo_bigrams(t);
  keys text[] := '{}'::text[];
BEGIN
  IF district IS NULL THEN RETURN keys; END IF;
  FOR i IN 1 .. coalesce(array_length(grams, 1), 0) LOOP keys := keys || (district::text || ':' || grams[i]); END LOOP;
  RETURN keys;
END $$;
--> statement-breakpoint
-- One function body (no nested calls): this one runs for every row written to persons.
CREATE OR REPLACE FUNCTION jinguo_name_keys(district bigint, t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  n int := char_length(t);
  grams text[];
  keys text[];
BEGIN
  IF t IS NULL THEN RETURN '{}'::text[]; END IF;
  IF n < 2 THEN
    grams := ARRAY[t];
  ELSE
    grams := array_fill(NULL::text, ARRAY[n - 1]);
    FOR i IN 1 .. n - 1 LOOP grams[i] := substr(t, i, 2); END LOOP;
  END IF;
  IF district IS NULL THEN RETURN grams; END IF;
  keys := grams;
  FOR i IN 1 .. array_length(grams, 1) LOOP keys := keys || (district::text || ':' || grams[i]); END LOOP;
  RETURN keys;
END $$;
