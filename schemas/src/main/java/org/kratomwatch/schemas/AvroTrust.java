package org.kratomwatch.schemas;

import org.apache.avro.specific.AvroGenerated;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.kratomwatch.avro.AdverseEventReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets Avro instantiate this module's generated classes when decoding.
 *
 * <p>Avro 1.12.2 resolves every record and enum class named by a schema through a JVM-wide
 * {@link ClassSecurityValidator} that trusts only a few JDK types by default, so decoding a
 * generated {@code org.kratomwatch.avro} class fails with {@code SecurityException: Forbidden
 * org.kratomwatch.avro.AdverseEventReport! This class is not trusted…}. {@link #install()} adds a
 * predicate to the global validator (keeping whatever it trusted before) that trusts exactly the
 * {@link AvroGenerated} classes of package {@value #PACKAGE}, nothing else.
 *
 * <p>{@link org.kratomwatch.schemas.serde.AvroSerdes} and {@link SchemaHistory} install it when
 * first used; code that decodes with the generated classes directly (e.g.
 * {@code AdverseEventReport.fromByteBuffer}) without touching either must call {@link #install()}
 * first. Code that replaces the global validator later must compose it with {@link #GENERATED}.
 */
public final class AvroTrust {

    /** The Avro namespace, and Java package, of the generated classes. */
    public static final String PACKAGE = "org.kratomwatch.avro";

    /** Trusts the classes generated from this module's schemas, and only those. */
    public static final ClassSecurityPredicate GENERATED = c -> PACKAGE.equals(c.getPackageName())
            && c.isAnnotationPresent(AvroGenerated.class);

    private static final Logger LOG = LoggerFactory.getLogger(AvroTrust.class);

    private AvroTrust() {
    }

    /**
     * Makes the global Avro class validator trust the generated classes, keeping what it trusted
     * before. Idempotent and thread-safe.
     */
    public static synchronized void install() {
        ClassSecurityPredicate global = ClassSecurityValidator.getGlobal();
        if (global.isTrusted(AdverseEventReport.class)) {
            return;
        }
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(global, GENERATED));
        LOG.debug("Avro class validator now trusts the generated classes of {}", PACKAGE);
    }

    /** True when the global Avro class validator trusts the generated classes. */
    public static boolean installed() {
        return ClassSecurityValidator.getGlobal().isTrusted(AdverseEventReport.class);
    }
}
