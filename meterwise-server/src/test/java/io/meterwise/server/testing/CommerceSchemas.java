package io.meterwise.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft 4) built from the {@code definitions} of the Commerce Swagger copied under
 * {@code azure-specs/}. The response shapes Meterwise emits are closed ({@code additionalProperties: false}) so an
 * undeclared or misspelled property fails too; the spec itself leaves them open.
 */
public final class CommerceSchemas {

    private static final String SPEC = "/azure-specs/commerce/2015-06-01-preview/commerce.json";
    private static final Set<String> CLOSED = Set.of("UsageAggregationListResult", "UsageAggregation", "UsageSample",
            "ResourceRateCardInfo", "MeterInfo");

    private final ObjectNode definitions;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    public CommerceSchemas() {
        definitions = (ObjectNode) spec().get("definitions").deepCopy();
        for (String name : CLOSED) {
            ObjectNode def = (ObjectNode) definitions.get(name);
            def.put("type", "object");
            def.put("additionalProperties", false);
        }
    }

    public static JsonNode spec() {
        return read(SPEC);
    }

    public static JsonNode read(String resource) {
        try (InputStream in = CommerceSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return CommerceApiTestSupport.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Violations of {@code instance} against the definition {@code name}; empty when it conforms. */
    public List<String> violations(String name, JsonNode instance) {
        ObjectNode root = CommerceApiTestSupport.JSON.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-04/schema#");
        root.put("$ref", "#/definitions/" + name);
        root.set("definitions", definitions);
        Schema schema = registry.getSchema(root.toString());
        return schema.validate(instance).stream().map(Error::toString).toList();
    }
}
