package io.jcoro.weaver.transform;

import io.jcoro.weaver.bytecode.TransformException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Registration for a class woven at build time, for a JVM the weaver never sees (the runtime's
 * {@code io.jcoro.internal.WovenClasses} is the other half; this class names it only in the code it
 * writes, so weaving needs no runtime class):
 * <ul>
 *   <li>ids are dynamic constants ({@code CONSTANT_Dynamic}) whose bootstraps register the method or the
 *       site with the class's own loader;
 *   <li>the static initialiser (made when the class has none) first calls {@code WovenClasses.register}
 *       with one record per method, so the runtime knows which methods are woven before any runs, and
 *       then resolves every id constant of the class ({@code ldc}, {@code pop}). Resolved at once, not
 *       the first time each runs: JDK 17's compilers give up on a whole method that holds an unresolved
 *       dynamic constant (C1: "could not resolve a constant", C2: "cannot parse method"), and the id of a
 *       suspension point that has not suspended yet, or never does, is one: such a method ran
 *       interpreted for ever (the scheduler's channel hand-off measured about 25× slower);
 *   <li>the class carries the {@code @io.jcoro.internal.Woven} marker (invisible at run time), which the
 *       agent and the weavers pass by.
 * </ul>
 * Dynamic constants need class files of version 55 (Java 11) or later; older ones are refused, whole.
 */
final class BuildRegistration implements Registration {
    static final String WOVEN_CLASSES = "io/jcoro/internal/WovenClasses";
    static final String MARKER = "Lio/jcoro/internal/Woven;";
    /** Java 11: the first class file version with dynamic constants. */
    static final int MIN_VERSION = Opcodes.V11;
    private static final char FIELD = '\u0001'; // WovenClasses.FIELD
    /**
     * An id constant is an {@code Integer}, not an {@code int}: JDK 17 keeps the interpreter's plain
     * {@code ldc} for a dynamic constant of a primitive type, whose value its compilers cannot see
     * (C1 gives the method up: "could not resolve a constant"; C2: "cannot parse method"), so a method
     * holding one would run interpreted for ever. A reference-typed one is cached where they look, and
     * the box's final field folds like the literal the agent writes.
     */
    private static final String ID_DESC = "Ljava/lang/Integer;";
    private static final String BOOTSTRAP_PREFIX = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;";
    private static final Handle METHOD_ID = new Handle(Opcodes.H_INVOKESTATIC, WOVEN_CLASSES, "methodId",
            BOOTSTRAP_PREFIX + "Ljava/lang/String;)I", false);
    private static final Handle SITE_ID = new Handle(Opcodes.H_INVOKESTATIC, WOVEN_CLASSES, "siteId",
            BOOTSTRAP_PREFIX + "Ljava/lang/String;ILjava/lang/String;Ljava/lang/String;ILjava/lang/String;)I", false);
    /** The longest string constant a class file holds, in (modified) UTF-8 bytes. */
    private static final int MAX_CONSTANT = 65535;

    private final List<String> calledByCodeNotWoven = new ArrayList<>();

    @Override
    public boolean mayAddSecondEntry(String methodKey) {
        return true; // the class is written before any JVM loads it
    }

    @Override
    public void secondEntriesAdded(List<String> methodKeys) {} // the copies are in the class; the runtime needs no list

    @Override
    public void calledByCodeNotWoven(String methodKey) {
        calledByCodeNotWoven.add(methodKey);
    }

    @Override
    public InsnList methodId(String methodKey) {
        return intValueOf(new ConstantDynamic("jcoroMethod", ID_DESC, METHOD_ID, methodKey));
    }

    @Override
    public InsnList siteId(String methodKey, int resumePoint, String description, String callee,
            boolean dispatched, String resolvedCallee) {
        return intValueOf(new ConstantDynamic("jcoroSite", ID_DESC, SITE_ID, methodKey, resumePoint, description,
                callee, dispatched ? 1 : 0, resolvedCallee == null ? "" : resolvedCallee));
    }

    /** {@code ldc id; invokevirtual Integer.intValue}: the id as the int the runtime's calls take. */
    private static InsnList intValueOf(ConstantDynamic id) {
        InsnList push = new InsnList();
        push.add(new LdcInsnNode(id));
        push.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false));
        return push;
    }

    @Override
    public void beforeWrite(ClassNode c, List<MethodOutcome> outcomes) throws TransformException {
        if ((c.version & 0xFFFF) < MIN_VERSION) {
            throw new TransformException("class file version " + (c.version & 0xFFFF) + " (Java " + ((c.version & 0xFFFF) - 44)
                    + ") is older than build-time weaving needs (55, Java 11: the woven code loads its ids as dynamic "
                    + "constants); compile it with --release 11 or later, or weave it with the agent at run time");
        }
        List<String> records = records(outcomes);
        for (String record : records) {
            if (record.getBytes(StandardCharsets.UTF_8).length > MAX_CONSTANT) {
                throw new TransformException("its registration record is longer than a class file constant can be ("
                        + record.length() + " characters): split the method");
            }
        }
        InsnList initialisation = registrationCall(c.name, records);
        initialisation.add(resolution(idsLoadedBy(c)));
        prependToStaticInitializer(c, initialisation);
        c.visitAnnotation(MARKER, false).visitEnd();
    }

    @Override
    public void afterWrite(List<MethodOutcome> outcomes) {}

    /** A class whose method references the JDK may call must say so when it initialises, changed or not. */
    @Override
    public boolean mustWrite() {
        return !calledByCodeNotWoven.isEmpty();
    }

    private List<String> records(List<MethodOutcome> outcomes) {
        List<String> records = new ArrayList<>();
        for (String key : calledByCodeNotWoven) {
            records.add("C" + FIELD + key);
        }
        for (MethodOutcome outcome : outcomes) {
            String key = outcome.className() + "." + outcome.method();
            if (outcome.kind() == MethodOutcome.Kind.WOVEN) {
                ResumeLayout l = outcome.resumePoints();
                if (l == null) { // woven with no suspension point of its own (every suspendable call guarded)
                    records.add("W" + FIELD + key);
                } else {
                    records.add("W" + FIELD + key + FIELD + (l.sourceFile() == null ? "" : l.sourceFile()) + FIELD
                            + csv(l.lines()) + FIELD + csv(l.prims()) + FIELD + csv(l.refs()));
                }
            } else {
                records.add("G" + FIELD + key + FIELD + outcome.guardReason().replace(FIELD, ' '));
            }
        }
        return records;
    }

    /** {@code WovenClasses.register(ThisClass.class, new String[] {records...})}. */
    private static InsnList registrationCall(String className, List<String> records) {
        InsnList call = new InsnList();
        call.add(new LdcInsnNode(Type.getObjectType(className)));
        call.add(new LdcInsnNode(records.size()));
        call.add(new TypeInsnNode(Opcodes.ANEWARRAY, "java/lang/String"));
        for (int i = 0; i < records.size(); i++) {
            call.add(new InsnNode(Opcodes.DUP));
            call.add(new LdcInsnNode(i));
            call.add(new LdcInsnNode(records.get(i)));
            call.add(new InsnNode(Opcodes.AASTORE));
        }
        call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, WOVEN_CLASSES, "register",
                "(Ljava/lang/Class;[Ljava/lang/String;)V", false));
        return call;
    }

    /** The id constants the class's code loads (of the methods as written, not of a weave given up), once each. */
    private static Set<ConstantDynamic> idsLoadedBy(ClassNode c) {
        Set<ConstantDynamic> ids = new LinkedHashSet<>();
        for (MethodNode m : c.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof LdcInsnNode && ((LdcInsnNode) insn).cst instanceof ConstantDynamic) {
                    ConstantDynamic constant = (ConstantDynamic) ((LdcInsnNode) insn).cst;
                    if (constant.getBootstrapMethod().equals(METHOD_ID) || constant.getBootstrapMethod().equals(SITE_ID)) {
                        ids.add(constant);
                    }
                }
            }
        }
        return ids;
    }

    /** {@code ldc id; pop} per id: each bootstrap runs now, after the registration it reads. */
    private static InsnList resolution(Set<ConstantDynamic> ids) {
        InsnList resolve = new InsnList();
        for (ConstantDynamic id : ids) {
            resolve.add(new LdcInsnNode(id));
            resolve.add(new InsnNode(Opcodes.POP));
        }
        return resolve;
    }

    private static void prependToStaticInitializer(ClassNode c, InsnList code) {
        for (MethodNode m : c.methods) {
            if (m.name.equals("<clinit>")) {
                m.instructions.insert(code);
                m.maxStack = Math.max(m.maxStack, 4);
                return;
            }
        }
        MethodNode clinit = new MethodNode(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.instructions.add(code);
        clinit.instructions.add(new InsnNode(Opcodes.RETURN));
        clinit.maxStack = 4;
        c.methods.add(clinit);
    }

    private static String csv(int[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(values[i]);
        }
        return b.toString();
    }
}
