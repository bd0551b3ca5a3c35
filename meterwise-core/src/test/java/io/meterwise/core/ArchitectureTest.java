package io.meterwise.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The rules that keep core framework-free, clock-free and float-free (ADR 0002, 0003). */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meterwise.core");

    @Test
    void coreDependsOnlyOnTheJdkAndJspecify() {
        classes().that().resideInAPackage("io.meterwise.core..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.crypto..", "org.jspecify..", "io.meterwise.core..")
                .check(CORE);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.meterwise.core.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void coreNeverReadsTheClock() {
        for (Class<?> type : new Class<?>[] {Instant.class, LocalDate.class, LocalDateTime.class, OffsetDateTime.class,
                ZonedDateTime.class}) {
            noClasses().that().resideInAPackage("io.meterwise.core..")
                    .should().callMethod(type, "now")
                    .check(CORE);
        }
        noClasses().that().resideInAPackage("io.meterwise.core..")
                .should().callMethod(System.class, "currentTimeMillis")
                .check(CORE);
    }

    @Test
    void moneyIsNeverBinaryFloatingPoint() {
        fields().that().areDeclaredInClassesThat().resideInAnyPackage("io.meterwise.core.money..",
                "io.meterwise.core.rating..", "io.meterwise.core.billing..", "io.meterwise.core.catalog..")
                .should().notHaveRawType(double.class)
                .andShould().notHaveRawType(float.class)
                .andShould().notHaveRawType(Double.class)
                .andShould().notHaveRawType(Float.class)
                .allowEmptyShould(true)
                .check(CORE);
    }
}
