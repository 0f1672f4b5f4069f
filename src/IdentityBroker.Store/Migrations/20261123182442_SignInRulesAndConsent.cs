using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace IdentityBroker.Store.Migrations
{
    /// <inheritdoc />
    public partial class SignInRulesAndConsent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_records_esia_subject_hash_at",
                schema: "broker",
                table: "audit_records");

            migrationBuilder.AddColumn<string>(
                name: "person_name_birth_hash",
                schema: "broker",
                table: "audit_records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "person_snils_hash",
                schema: "broker",
                table: "audit_records",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "consent_requests",
                schema: "broker",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_code = table.Column<string>(type: "text", nullable: false),
                    child_account_id = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by_esia_subject_hash = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_consents",
                schema: "broker",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    region_code = table.Column<string>(type: "text", nullable: false),
                    esia_subject_hash = table.Column<string>(type: "text", nullable: false),
                    text_version = table.Column<string>(type: "text", nullable: false),
                    client_id = table.Column<string>(type: "text", nullable: false),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_consents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "family_relations",
                schema: "broker",
                columns: table => new
                {
                    region_code = table.Column<string>(type: "text", nullable: false),
                    parent_esia_subject_hash = table.Column<string>(type: "text", nullable: false),
                    child_account_id = table.Column<string>(type: "text", nullable: false),
                    child_esia_subject_hash = table.Column<string>(type: "text", nullable: true),
                    verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_family_relations", x => new { x.region_code, x.parent_esia_subject_hash, x.child_account_id });
                });

            migrationBuilder.CreateTable(
                name: "link_attempts",
                schema: "broker",
                columns: table => new
                {
                    key = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    retry_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_link_attempts", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "parental_consents",
                schema: "broker",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    region_code = table.Column<string>(type: "text", nullable: false),
                    child_account_id = table.Column<string>(type: "text", nullable: false),
                    granted_by_esia_subject_hash = table.Column<string>(type: "text", nullable: false),
                    granted_by_account_id = table.Column<string>(type: "text", nullable: true),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by_esia_subject_hash = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_parental_consents", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_diary_relations_region_code_child_id",
                schema: "broker",
                table: "diary_relations",
                columns: new[] { "region_code", "child_id" });

            // Hand-written (EF models no expression indexes): the case-insensitive login lookup of manual linking
            // (R-MATCH-6, DiaryDirectory.FindCredentialsByLoginAsync) as an index scan.
            migrationBuilder.Sql(
                "CREATE INDEX ix_diary_accounts_region_code_lower_login ON broker.diary_accounts (region_code, lower(login));");

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_at",
                schema: "broker",
                table: "audit_records",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_region_code_esia_subject_hash_at",
                schema: "broker",
                table: "audit_records",
                columns: new[] { "region_code", "esia_subject_hash", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_region_code_person_name_birth_hash_at",
                schema: "broker",
                table: "audit_records",
                columns: new[] { "region_code", "person_name_birth_hash", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_region_code_person_snils_hash_at",
                schema: "broker",
                table: "audit_records",
                columns: new[] { "region_code", "person_snils_hash", "at" });

            migrationBuilder.CreateIndex(
                name: "ux_consent_requests_pending",
                schema: "broker",
                table: "consent_requests",
                columns: new[] { "region_code", "child_account_id" },
                unique: true,
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ux_data_consents_active",
                schema: "broker",
                table: "data_consents",
                columns: new[] { "region_code", "esia_subject_hash" },
                unique: true,
                filter: "revoked_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_family_relations_region_code_child_account_id",
                schema: "broker",
                table: "family_relations",
                columns: new[] { "region_code", "child_account_id" });

            migrationBuilder.CreateIndex(
                name: "ux_parental_consents_active",
                schema: "broker",
                table: "parental_consents",
                columns: new[] { "region_code", "child_account_id" },
                unique: true,
                filter: "revoked_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consent_requests",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "data_consents",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "family_relations",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "link_attempts",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "parental_consents",
                schema: "broker");

            migrationBuilder.Sql("DROP INDEX broker.ix_diary_accounts_region_code_lower_login;");

            migrationBuilder.DropIndex(
                name: "ix_diary_relations_region_code_child_id",
                schema: "broker",
                table: "diary_relations");

            migrationBuilder.DropIndex(
                name: "ix_audit_records_at",
                schema: "broker",
                table: "audit_records");

            migrationBuilder.DropIndex(
                name: "ix_audit_records_region_code_esia_subject_hash_at",
                schema: "broker",
                table: "audit_records");

            migrationBuilder.DropIndex(
                name: "ix_audit_records_region_code_person_name_birth_hash_at",
                schema: "broker",
                table: "audit_records");

            migrationBuilder.DropIndex(
                name: "ix_audit_records_region_code_person_snils_hash_at",
                schema: "broker",
                table: "audit_records");

            migrationBuilder.DropColumn(
                name: "person_name_birth_hash",
                schema: "broker",
                table: "audit_records");

            migrationBuilder.DropColumn(
                name: "person_snils_hash",
                schema: "broker",
                table: "audit_records");

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_esia_subject_hash_at",
                schema: "broker",
                table: "audit_records",
                columns: new[] { "esia_subject_hash", "at" });
        }
    }
}
