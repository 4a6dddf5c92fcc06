CREATE TABLE "sample_photos" (
	"district_code" text NOT NULL,
	"sample_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sample_photos_district_code_sample_id_pk" PRIMARY KEY("district_code","sample_id")
);
