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
