#!/bin/bash
# The database's floor for an import, index by index (docs/decisions/0010): 50,000 prepared persons (checked, encrypted,
# hashed: the newest of the city) inserted into a copy of the 2,000,000-row persons table with no index, with the five
# indexes of PRODUCT §4's calibration, then with each further index of persons added in turn; every insert rolled back.
# Needs the scale-1 city (npm run bench -- --scale 1); takes about 6 minutes; drops its two scratch tables at the end.
#   bench/scripts/import-floor-by-index.sh [database URL]
P="psql ${1:-postgres://postgres@127.0.0.1:5432/jinguo_bench_s1} -Atq"
COLS="org_id, org_path, district_id, name, name_pinyin, name_initials, gender, birth_date, id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_hash, phone_masked, household_address_enc, residence_address_enc, ethnicity, education, occupation, school, care_situation, status"
$P -c "drop table if exists floor_probe; drop table if exists floor_src"
$P -c "create table floor_probe (like persons including defaults including identity)"
$P -c "insert into floor_probe overriding system value select * from persons"
$P -c "select setval(pg_get_serial_sequence('floor_probe', 'id'), (select max(id) from floor_probe))"
$P -c "create table floor_src as select $COLS from persons order by id desc limit 50000"
$P -c "update floor_src set id_number_hash = md5('f' || coalesce(id_number_hash,'')) || md5(coalesce(id_number_hash,'x')), phone_hash = md5('f' || coalesce(phone_hash, random()::text))"
$P -c "vacuum analyze floor_probe"
run() { $P -c "\\timing on" -c "begin" -c "insert into floor_probe ($COLS) select $COLS from floor_src" -c "rollback" | grep -i "^Time" | head -2 | tail -1 ; }
echo "0 indexes: $(run)"
$P -c "alter table floor_probe add primary key (id)"
$P -c "create unique index on floor_probe (id_number_hash) where id_number_hash is not null and status = 'active'"
$P -c "create index on floor_probe (phone_hash)"
$P -c "create index on floor_probe using gist (org_path)"
$P -c "create index on floor_probe using gin (name gin_trgm_ops)"
echo "5 indexes (pkey, id hash, phone hash, gist path, trigram name): $(run)"
for idx in persons_name_keys_idx persons_name_bigrams_idx persons_name_gram1_idx persons_name_gram2_idx persons_name_gram3_idx persons_district_name_gram1_idx persons_district_name_gram2_idx persons_district_name_gram3_idx persons_long_name_grams_idx persons_dedup_idx persons_district_name_idx persons_district_initials_idx persons_name_order_idx persons_district_created_idx persons_district_birth_idx persons_initials_idx persons_birth_order_idx persons_created_order_idx; do
  def=$($P -c "select indexdef from pg_indexes where tablename='persons' and indexname='$idx'")
  [ -z "$def" ] && continue
  $P -c "$(echo "$def" | sed "s/INDEX $idx ON public.persons/INDEX ${idx}_probe ON public.floor_probe/")"
  echo "+ $idx: $(run)"
done
$P -c "drop table floor_probe; drop table floor_src"
