package io.meterwise.server.http.billing;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates JSON against a definition of the Microsoft.Billing Swagger copies in {@code azure-specs/billing}. The
 * property objects are closed ({@code additionalProperties: false}) so a misspelt field fails too.
 */
final class SwaggerContract {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private SwaggerContract() {
    }

    static JsonNode spec(String apiVersion) {
        try (InputStream in = SwaggerContract.class.getResourceAsStream("/azure-specs/billing/" + apiVersion
                + "/billing.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode example(String apiVersion, String name) {
        try (InputStream in = SwaggerContract.class.getResourceAsStream("/azure-specs/billing/" + apiVersion
                + "/examples/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Error> validate(String apiVersion, String definition, JsonNode instance) {
        ObjectNode definitions = ((ObjectNode) spec(apiVersion).get("definitions")).deepCopy();
        for (String closed : List.of("InvoiceProperties", "BillingPeriodProperties", "DownloadUrl", "ErrorDetails")) {
            if (definitions.has(closed)) {
                ((ObjectNode) definitions.get(closed)).put("additionalProperties", false);
            }
        }
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "http://json-schema.org/draft-04/schema#");
        schema.put("$ref", "#/definitions/" + definition);
        schema.set("definitions", definitions);
        Schema compiled = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(schema.toString());
        return compiled.validate(instance, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
    }
}
