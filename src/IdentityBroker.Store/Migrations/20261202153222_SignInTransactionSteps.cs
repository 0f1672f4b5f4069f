using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityBroker.Store.Migrations
{
    /// <inheritdoc />
    public partial class SignInTransactionSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "progress",
                schema: "broker",
                table: "pending_sign_ins",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "step",
                schema: "broker",
                table: "pending_sign_ins",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "esia");

            migrationBuilder.AddColumn<int>(
                name: "version",
                schema: "broker",
                table: "pending_sign_ins",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "progress",
                schema: "broker",
                table: "pending_sign_ins");

            migrationBuilder.DropColumn(
                name: "step",
                schema: "broker",
                table: "pending_sign_ins");

            migrationBuilder.DropColumn(
                name: "version",
                schema: "broker",
                table: "pending_sign_ins");
        }
    }
}
