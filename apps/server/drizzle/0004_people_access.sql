-- Custom SQL migration file, put your code below! --
-- People registry: grants, row-level security, the built-in tag dictionary. See docs/decisions/0002.
CREATE OR REPLACE FUNCTION jinguo_mobile_org() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('jinguo.mobile_org', true), '')::bigint $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_user_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('jinguo.user_id', true), '')::bigint $$;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON persons, person_tags, person_guardians, families, family_members, family_honours, migrant_profiles, person_merges TO jinguo_app;
--> statement-breakpoint
GRANT DELETE ON person_guardians, migrant_profiles TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON tag_definitions TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_filters TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app;
--> statement-breakpoint
ALTER TABLE persons ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY persons_scope ON persons TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
-- A mobile federation (流动妇联) sees exactly the women it serves, wherever at home they are registered.
CREATE POLICY persons_mobile ON persons FOR SELECT TO jinguo_app
  USING (jinguo_mobile_org() IS NOT NULL AND id IN (SELECT person_id FROM migrant_profiles WHERE mobile_federation_id = jinguo_mobile_org()));
--> statement-breakpoint
ALTER TABLE migrant_profiles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY migrant_profiles_scope ON migrant_profiles TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
CREATE POLICY migrant_profiles_mobile ON migrant_profiles FOR SELECT TO jinguo_app USING (mobile_federation_id = jinguo_mobile_org());
--> statement-breakpoint
ALTER TABLE person_tags ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY person_tags_scope ON person_tags TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
CREATE POLICY person_tags_mobile ON person_tags FOR SELECT TO jinguo_app
  USING (jinguo_mobile_org() IS NOT NULL AND person_id IN (SELECT person_id FROM migrant_profiles WHERE mobile_federation_id = jinguo_mobile_org()));
--> statement-breakpoint
ALTER TABLE person_guardians ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY person_guardians_scope ON person_guardians TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE families ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY families_scope ON families TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE family_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY family_members_scope ON family_members TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE family_honours ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY family_honours_scope ON family_honours TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE person_merges ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY person_merges_scope ON person_merges TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE saved_filters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY saved_filters_owner ON saved_filters TO jinguo_app USING (user_id = jinguo_user_id());
--> statement-breakpoint
INSERT INTO tag_definitions (code, name_zh, name_en, category, builtin) VALUES
  ('difficult_woman', '困难妇女', 'Woman in difficulty', 'welfare', true),
  ('low_income', '低收入', 'Low income', 'welfare', true),
  ('disabled', '残疾', 'Disabled', 'welfare', true),
  ('single_mother', '单亲母亲', 'Single mother', 'welfare', true),
  ('left_behind_woman', '留守妇女', 'Left-behind woman', 'welfare', true),
  ('left_behind_child', '留守儿童', 'Left-behind child', 'child', true),
  ('migrant_child', '流动儿童', 'Migrant child', 'child', true),
  ('child_in_distress', '困境儿童', 'Child in distress', 'child', true),
  ('newly_married_family', '新婚新育家庭', 'Newly married / new-birth family', 'family', true),
  ('migrant_worker', '在外务工妇女', 'Migrant working woman', 'migrant', true),
  ('talent_tech', '女性人才·科技', 'Woman talent: science & tech', 'talent', true),
  ('talent_entrepreneur', '女性人才·企业家', 'Woman talent: entrepreneur', 'talent', true),
  ('talent_craft', '女性人才·手工艺', 'Woman talent: handicraft', 'talent', true),
  ('talent_ecommerce', '女性人才·电商', 'Woman talent: e-commerce', 'talent', true),
  ('bayu_dajie', '巴渝大姐', 'Bayu Dajie (housekeeping)', 'brand', true),
  ('qiaojie', '巧姐', 'Qiaojie (handicraft)', 'brand', true),
  ('wangjie', '网姐', 'Wangjie (e-commerce)', 'brand', true),
  ('volunteer', '巾帼志愿者', 'Women''s volunteer', 'role', true),
  ('model_family_member', '最美家庭成员', 'Model family member', 'family', true),
  ('executive_member', '执委', 'Executive committee member', 'role', true),
  ('womens_representative', '妇女代表', 'Women''s representative', 'role', true)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
-- One person per ID number across the whole platform: the check must see past the caller's scope, and answers only yes/no.
CREATE OR REPLACE FUNCTION jinguo_person_id_taken(hash text, except_id bigint) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id FROM persons WHERE id_number_hash = hash AND status = 'active' AND id <> coalesce(except_id, 0) LIMIT 1 $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_person_id_taken(text, bigint) TO jinguo_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_mobile_home() RETURNS ltree LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('jinguo.mobile_home', true), '')::ltree $$;
--> statement-breakpoint
-- A mobile federation reads the names of the home orgs of the women it serves (its home district's subtree).
CREATE POLICY organizations_mobile ON organizations FOR SELECT TO jinguo_app USING (path <@ jinguo_mobile_home());
--> statement-breakpoint
-- The mobile federation serving a woman where she works: attached to one of her home org's ancestors, hosted in her
-- current province (and city, when it names one); the most local wins. Callers below the district cannot see those
-- federations, so this answers with an id only.
CREATE OR REPLACE FUNCTION jinguo_match_mobile_federation(person_path ltree, province text, city text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT m.id FROM organizations m JOIN organizations parent ON parent.id = m.parent_id
  WHERE m.type = 'mobile_federation' AND m.status = 'active' AND parent.path @> person_path
    AND m.host_province = province AND (m.host_city IS NULL OR m.host_city = city)
  ORDER BY (m.host_city IS NOT NULL) DESC, parent.depth DESC LIMIT 1
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_match_mobile_federation(ltree, text, text) TO jinguo_app;
--> statement-breakpoint
-- Mobile federations are named on the profiles of the women they serve, whoever registered them.
CREATE POLICY organizations_mobile_federations ON organizations FOR SELECT TO jinguo_app USING (type = 'mobile_federation');
