using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using NpgsqlTypes;

#nullable disable

namespace ConnectingPeople.Directory.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "directory");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "areas",
                schema: "directory",
                columns: table => new
                {
                    code = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    parent_code = table.Column<string>(type: "text", nullable: true),
                    boundary = table.Column<MultiPolygon>(type: "geography (multipolygon, 4326)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_areas", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "locations",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address1 = table.Column<string>(type: "text", nullable: true),
                    address2 = table.Column<string>(type: "text", nullable: true),
                    town = table.Column<string>(type: "text", nullable: true),
                    postcode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    point = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    local_authority_code = table.Column<string>(type: "text", nullable: true),
                    ward_code = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_locations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "organisations",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    website = table.Column<string>(type: "text", nullable: true),
                    email = table.Column<string>(type: "text", nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organisations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "postcode_districts",
                schema: "directory",
                columns: table => new
                {
                    code = table.Column<string>(type: "text", nullable: false),
                    point = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    local_authority_code = table.Column<string>(type: "text", nullable: true),
                    postcode_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_postcode_districts", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "postcode_sectors",
                schema: "directory",
                columns: table => new
                {
                    code = table.Column<string>(type: "text", nullable: false),
                    district = table.Column<string>(type: "text", nullable: false),
                    point = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    local_authority_code = table.Column<string>(type: "text", nullable: true),
                    postcode_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_postcode_sectors", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "postcodes",
                schema: "directory",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    display = table.Column<string>(type: "text", nullable: false),
                    sector = table.Column<string>(type: "text", nullable: false),
                    district = table.Column<string>(type: "text", nullable: false),
                    point = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    local_authority_code = table.Column<string>(type: "text", nullable: true),
                    ward_code = table.Column<string>(type: "text", nullable: true),
                    positional_quality = table.Column<short>(type: "smallint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_postcodes", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "seed_history",
                schema: "directory",
                columns: table => new
                {
                    dataset = table.Column<string>(type: "text", nullable: false),
                    checksum = table.Column<string>(type: "text", nullable: false),
                    loaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seed_history", x => x.dataset);
                });

            migrationBuilder.CreateTable(
                name: "vocabularies",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vocabularies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "taxonomy_terms",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    vocabulary_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    path = table.Column<string>(type: "text", nullable: false),
                    synonyms = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_taxonomy_terms", x => x.id);
                    table.ForeignKey(
                        name: "fk_taxonomy_terms_taxonomy_terms_parent_id",
                        column: x => x.parent_id,
                        principalSchema: "directory",
                        principalTable: "taxonomy_terms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_taxonomy_terms_vocabularies_vocabulary_id",
                        column: x => x.vocabulary_id,
                        principalSchema: "directory",
                        principalTable: "vocabularies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assets",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    kind_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    how_to_join = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    newcomer_info = table.Column<string>(type: "text", nullable: true),
                    companions_welcome = table.Column<bool>(type: "boolean", nullable: false),
                    accepting_new_members = table.Column<bool>(type: "boolean", nullable: false),
                    min_age = table.Column<int>(type: "integer", nullable: true),
                    max_age = table.Column<int>(type: "integer", nullable: true),
                    languages = table.Column<string[]>(type: "text[]", nullable: false),
                    delivery_modes = table.Column<string[]>(type: "text[]", nullable: false),
                    website = table.Column<string>(type: "text", nullable: true),
                    last_verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    verification_method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    external_id = table.Column<string>(type: "text", nullable: true),
                    search_text = table.Column<string>(type: "text", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false)
                        .Annotation("Npgsql:TsVectorConfig", "english")
                        .Annotation("Npgsql:TsVectorProperties", new[] { "search_text" }),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assets", x => x.id);
                    table.ForeignKey(
                        name: "fk_assets_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalSchema: "directory",
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_assets_taxonomy_terms_kind_id",
                        column: x => x.kind_id,
                        principalSchema: "directory",
                        principalTable: "taxonomy_terms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "asset_contacts",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    asset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    role = table.Column<string>(type: "text", nullable: true),
                    email = table.Column<string>(type: "text", nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asset_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_asset_contacts_assets_asset_id",
                        column: x => x.asset_id,
                        principalSchema: "directory",
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asset_costs",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    asset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: true),
                    per = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    description = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asset_costs", x => x.id);
                    table.ForeignKey(
                        name: "fk_asset_costs_assets_asset_id",
                        column: x => x.asset_id,
                        principalSchema: "directory",
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asset_locations",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    asset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asset_locations", x => x.id);
                    table.ForeignKey(
                        name: "fk_asset_locations_assets_asset_id",
                        column: x => x.asset_id,
                        principalSchema: "directory",
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_asset_locations_locations_location_id",
                        column: x => x.location_id,
                        principalSchema: "directory",
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "asset_terms",
                schema: "directory",
                columns: table => new
                {
                    asset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    term_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asset_terms", x => new { x.asset_id, x.term_id });
                    table.ForeignKey(
                        name: "fk_asset_terms_assets_asset_id",
                        column: x => x.asset_id,
                        principalSchema: "directory",
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_asset_terms_taxonomy_terms_term_id",
                        column: x => x.term_id,
                        principalSchema: "directory",
                        principalTable: "taxonomy_terms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "schedules",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    asset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: true),
                    frequency = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    day = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    week_of_month = table.Column<int>(type: "integer", nullable: true),
                    start_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    end_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: true),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: true),
                    rrule = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    anchor_week = table.Column<int>(type: "integer", nullable: true),
                    notes = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedules", x => x.id);
                    table.CheckConstraint("ck_schedules_times", "end_time > start_time");
                    table.CheckConstraint("ck_schedules_week_of_month", "week_of_month IS NULL OR week_of_month BETWEEN -1 AND 5 AND week_of_month <> 0");
                    table.ForeignKey(
                        name: "fk_schedules_assets_asset_id",
                        column: x => x.asset_id,
                        principalSchema: "directory",
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_schedules_locations_location_id",
                        column: x => x.location_id,
                        principalSchema: "directory",
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "service_areas",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    asset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    area_code = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_areas", x => x.id);
                    table.ForeignKey(
                        name: "fk_service_areas_areas_area_code",
                        column: x => x.area_code,
                        principalSchema: "directory",
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_service_areas_assets_asset_id",
                        column: x => x.asset_id,
                        principalSchema: "directory",
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_areas_boundary",
                schema: "directory",
                table: "areas",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_areas_parent_code",
                schema: "directory",
                table: "areas",
                column: "parent_code");

            migrationBuilder.CreateIndex(
                name: "ix_asset_contacts_asset_id",
                schema: "directory",
                table: "asset_contacts",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "ix_asset_costs_asset_id",
                schema: "directory",
                table: "asset_costs",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "ix_asset_locations_asset_id_location_id",
                schema: "directory",
                table: "asset_locations",
                columns: new[] { "asset_id", "location_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_asset_locations_location_id",
                schema: "directory",
                table: "asset_locations",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_asset_terms_term_id",
                schema: "directory",
                table: "asset_terms",
                column: "term_id");

            migrationBuilder.CreateIndex(
                name: "ix_assets_external_id",
                schema: "directory",
                table: "assets",
                column: "external_id",
                unique: true,
                filter: "external_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_assets_kind_id",
                schema: "directory",
                table: "assets",
                column: "kind_id");

            migrationBuilder.CreateIndex(
                name: "ix_assets_organisation_id",
                schema: "directory",
                table: "assets",
                column: "organisation_id");

            migrationBuilder.CreateIndex(
                name: "ix_assets_search_text",
                schema: "directory",
                table: "assets",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_assets_search_vector",
                schema: "directory",
                table: "assets",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_assets_status",
                schema: "directory",
                table: "assets",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_assets_updated_at",
                schema: "directory",
                table: "assets",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "ix_locations_point",
                schema: "directory",
                table: "locations",
                column: "point")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_asset_id",
                schema: "directory",
                table: "schedules",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_location_id",
                schema: "directory",
                table: "schedules",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_areas_area_code",
                schema: "directory",
                table: "service_areas",
                column: "area_code");

            migrationBuilder.CreateIndex(
                name: "ix_service_areas_asset_id",
                schema: "directory",
                table: "service_areas",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "ix_taxonomy_terms_parent_id",
                schema: "directory",
                table: "taxonomy_terms",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_taxonomy_terms_path",
                schema: "directory",
                table: "taxonomy_terms",
                column: "path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_taxonomy_terms_vocabulary_id_code",
                schema: "directory",
                table: "taxonomy_terms",
                columns: new[] { "vocabulary_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_vocabularies_code",
                schema: "directory",
                table: "vocabularies",
                column: "code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "asset_contacts",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "asset_costs",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "asset_locations",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "asset_terms",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "postcode_districts",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "postcode_sectors",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "postcodes",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "schedules",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "seed_history",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "service_areas",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "locations",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "areas",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "assets",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "organisations",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "taxonomy_terms",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "vocabularies",
                schema: "directory");
        }
    }
}
