package io.meterwise.server.http.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.databind.JsonNode;

/** Operator API for meters. */
@RestController
class MeterController {

    private final CatalogStore catalog;

    MeterController(CatalogStore catalog) {
        this.catalog = catalog;
    }

    @PutMapping("/providers/Meterwise/meters/{meterId}")
    ResponseEntity<Map<String, Object>> put(@PathVariable String meterId, @RequestBody JsonNode json) {
        Body body = Body.of(json);
        Meter meter = CatalogRequests.build(() -> new Meter(Body.uuid("meterId", meterId), body.text("name"),
                body.text("category"), body.optionalText("subCategory"), body.optionalText("region"),
                body.text("unit"), body.strings("tags")));
        boolean created = catalog.putMeter(meter);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(wire(meter));
    }

    @GetMapping("/providers/Meterwise/meters/{meterId}")
    Map<String, Object> get(@PathVariable String meterId) {
        return catalog.meter(Body.uuid("meterId", meterId)).map(MeterController::wire)
                .orElseThrow(() -> ArmException.notFound("MeterNotFound", "No meter '" + meterId + "'."));
    }

    @GetMapping("/providers/Meterwise/meters")
    Map<String, Object> list() {
        return Map.of("value", catalog.meters().stream().map(MeterController::wire).toList());
    }

    static Map<String, Object> wire(Meter meter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meterId", meter.meterId().toString());
        m.put("name", meter.name());
        m.put("category", meter.category());
        m.put("subCategory", meter.subCategory());
        m.put("region", meter.region());
        m.put("unit", meter.unit());
        m.put("tags", meter.tags());
        return m;
    }
}
