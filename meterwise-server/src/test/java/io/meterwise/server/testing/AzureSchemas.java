package io.meterwise.server.testing;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft 4) from the {@code definitions} of an Azure Swagger copied under {@code azure-specs/}, with
 * the definitions of a sibling {@code common-types.json} inlined. Definitions named in {@code closed} get
 * {@code additionalProperties: false}, so a misspelt or undeclared property fails; properties named in
 * {@code nullable} ({@code Definition.property}) also accept null, as the spec's own examples send them.
 */
public final class AzureSchemas {

    private final ObjectNode definitions;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    public AzureSchemas(String specResource, List<String> closed, List<String> nullable) {
        JsonNode spec = CommerceSchemas.read(specResource);
        ObjectNode defs = (ObjectNode) spec.get("definitions").deepCopy();
        String common = specResource.substring(0, specResource.lastIndexOf('/') + 1) + "common-types.json";
        if (CommerceSchemas.class.getResource(common) != null) {
            CommerceSchemas.read(common).get("definitions").properties()
                    .forEach(e -> defs.putIfAbsent(e.getKey(), e.getValue()));
        }
        String text = defs.toString().replace("\"common-types.json#/definitions/", "\"#/definitions/")
                .replaceAll("\"[./]*[A-Za-z/_-]*types\\.json#/definitions/", "\"#/definitions/");
        definitions = (ObjectNode) CommerceApiTestSupport.JSON.readTree(text);
        for (String name : closed) {
            ((ObjectNode) definitions.get(name)).put("additionalProperties", false);
        }
        for (String property : nullable) {
            String[] p = property.split("\\.");
            ObjectNode prop = (ObjectNode) definitions.get(p[0]).get("properties").get(p[1]);
            String type = prop.get("type").asString();
            prop.set("type", CommerceApiTestSupport.JSON.valueToTree(List.of(type, "null")));
        }
    }

    public JsonNode definition(String name) {
        return definitions.get(name);
    }

    /** Violations of {@code instance} against the definition {@code name}; empty when it conforms. */
    public List<String> violations(String name, JsonNode instance) {
        ObjectNode root = CommerceApiTestSupport.JSON.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-04/schema#");
        root.put("$ref", "#/definitions/" + name);
        root.set("definitions", definitions);
        Schema schema = registry.getSchema(root.toString());
        return schema.validate(instance, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true))).stream()
                .map(Error::toString).toList();
    }

}
