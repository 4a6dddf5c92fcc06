CREATE TABLE "result_stats_yearly" (
	"district_code" text NOT NULL,
	"year" text NOT NULL,
	"town_code" text NOT NULL,
	"holder_code" text NOT NULL,
	"task_kind" text NOT NULL,
	"product_code" text NOT NULL,
	"analyte_code" text NOT NULL,
	"link" text NOT NULL,
	"total" integer NOT NULL,
	"failed" integer NOT NULL,
	"leads" integer DEFAULT 0 NOT NULL,
	"provisional" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "result_stats_yearly_district_code_year_town_code_holder_code_task_kind_product_code_analyte_code_link_pk" PRIMARY KEY("district_code","year","town_code","holder_code","task_kind","product_code","analyte_code","link")
);
