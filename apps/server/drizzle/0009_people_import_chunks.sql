CREATE TABLE "person_import_chunks" (
	"import_id" bigint NOT NULL,
	"chunk_no" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"first_row" integer NOT NULL,
	"last_row" integer NOT NULL,
	"row_count" integer NOT NULL,
	"data" text NOT NULL,
	CONSTRAINT "person_import_chunks_import_id_chunk_no_pk" PRIMARY KEY("import_id","chunk_no")
);
--> statement-breakpoint
ALTER TABLE "person_imports" ADD COLUMN "staged_chunks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "person_imports" ADD COLUMN "done_chunks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "person_import_rows" DROP COLUMN "action";--> statement-breakpoint
ALTER TABLE "person_imports" DROP COLUMN "cursor_row";--> statement-breakpoint
ALTER TABLE "person_imports" DROP COLUMN "chunks";