namespace Wharf.Protobuf.Tests;

public sealed class CanonicalTests
{
    private const string Order = """
        syntax = "proto3";
        package com.acme;

        import "google/protobuf/timestamp.proto";
        option java_package = "com.acme.proto";

        // Orders as the shop writes them.
        message Order {
          int64 id = 1;
          repeated string items = 2 [packed = false];
          google.protobuf.Timestamp at = 3;
          map<string, int32> counts = 4;
          oneof payment { string card = 5; string iban = 6; }
          Status status = 7 [deprecated = true, json_name = "st"];
          enum Status { NEW = 0; DONE = 1; }
          message Line { string sku = 1; }
          reserved 10 to 12, 20;
          reserved "old";
        }
        service Orders {
          rpc Place (Order) returns (Order);
        }
        """;

    [Fact]
    public void Canonical_text_is_printed_as_Confluent_prints_it()
    {
        Assert.Equal("""
            syntax = "proto3";
            package com.acme;

            import "google/protobuf/timestamp.proto";

            option java_package = "com.acme.proto";

            message Order {
              reserved 10 to 12, 20;
              reserved "old";

              int64 id = 1;
              repeated string items = 2 [packed = false];
              google.protobuf.Timestamp at = 3;
              map<string, int32> counts = 4;
              Status status = 7 [
                deprecated = true,
                json_name = "st"
              ];

              oneof payment {
                string card = 5;
                string iban = 6;
              }

              message Line {
                string sku = 1;
              }
              enum Status {
                NEW = 0;
                DONE = 1;
              }
            }

            service Orders {
              rpc Place (Order) returns (Order);
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal), Schemas.Parse(Order).CanonicalString);
    }

    [Fact]
    public void Canonical_text_parses_back_to_itself()
    {
        var canonical = Schemas.Parse(Order).CanonicalString;

        Assert.Equal(canonical, Schemas.Parse(canonical).CanonicalString);
    }

    [Fact]
    public void Normalize_qualifies_types_sorts_by_number_and_drops_the_proto2_syntax_line()
    {
        var normalized = Schemas.Parse("""
            syntax = "proto2";
            package p;
            import "z.proto";
            import "a.proto";
            message M {
              optional N second = 2;
              optional int32 first = 1;
              enum N { B = 2; A = 1; }
              reserved 9, 3;
            }
            """, new Dictionary<string, string> { ["z.proto"] = "syntax = \"proto3\";", ["a.proto"] = "syntax = \"proto3\";" }).Normalize();

        Assert.Equal("""
            package p;

            import "a.proto";
            import "z.proto";

            message M {
              reserved 3;
              reserved 9;

              optional int32 first = 1;
              optional .p.M.N second = 2;

              enum N {
                A = 1;
                B = 2;
              }
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal), normalized.CanonicalString);
    }

    [Fact]
    public void Normalize_merges_the_assignments_of_one_custom_option_and_sorts_options_by_name()
    {
        var normalized = Schemas.Parse("""
            syntax = "proto3";
            package p;
            import "confluent/meta.proto";
            option java_package = "com.p";
            option go_package = "p";
            message M {
              string a = 1 [(confluent.field_meta).tags = "x", (confluent.field_meta).doc = "d", (confluent.field_meta).tags = "y"];
              string b = 2 [(confluent.field_meta) = { tags: ["z"] }];
            }
            """).Normalize();

        Assert.Equal("""
            syntax = "proto3";
            package p;

            import "confluent/meta.proto";

            option go_package = "p";
            option java_package = "com.p";

            message M {
              string a = 1 [(confluent.field_meta) = {
                doc: "d",
                tags: [
                  "x",
                  "y"
                ]
              }];
              string b = 2 [(confluent.field_meta) = {
                tags: "z"
              }];
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal), normalized.CanonicalString);
    }

    [Fact]
    public void Reserved_ranges_keep_their_written_form_until_normalized()
    {
        var schema = Schemas.Parse("syntax = \"proto3\";\nmessage M { reserved 5, 7 to 7, 9 to max; }");

        Assert.Contains("  reserved 5, 7 to 7, 9 to max;\n", schema.CanonicalString, StringComparison.Ordinal);
        Assert.Contains("  reserved 7;\n", schema.Normalize().CanonicalString, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_options_are_kept_as_text()
    {
        var schema = Schemas.Parse("""
            syntax = "proto3";
            import "confluent/meta.proto";
            message M {
              option (confluent.message_meta) = { doc: "a \"doc\"", tags: ["x", "y"] };
              string a = 1 [(confluent.field_meta).doc = "the a"];
            }
            """);

        Assert.Contains("""
              option (confluent.message_meta) = {
                doc: "a \"doc\"",
                tags: [
                  "x",
                  "y"
                ]
              };
            """.Replace("\r\n", "\n", StringComparison.Ordinal), schema.CanonicalString, StringComparison.Ordinal);
        Assert.Contains("  string a = 1 [(confluent.field_meta).doc = \"the a\"];\n", schema.CanonicalString, StringComparison.Ordinal);
    }
}
