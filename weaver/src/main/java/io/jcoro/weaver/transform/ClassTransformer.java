package io.jcoro.weaver.transform;

import io.jcoro.weaver.bytecode.Bytecode;
import io.jcoro.weaver.bytecode.Refusals;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.emit.CheckWeaver;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Transforms one class: weaves its suspendable methods ({@link MethodWeaver}) and guards suspendable
 * calls in the methods that cannot save a frame ({@link CheckWeaver}). Each method is transformed on
 * a copy, so a method the weaver refuses keeps its original code plus the guards, and the rest of the
 * class is unaffected. For the agent only method bodies change: no member is added, so loaded classes
 * can be retransformed. At build time ({@link Registration#forBuild}) the class also gets a static
 * initialiser that registers it, and a marker.
 */
public final class ClassTransformer {
    private final ClassHierarchy hierarchy;
    private final SuspensionPolicy policy;

    public ClassTransformer(ClassHierarchy hierarchy, SuspensionPolicy policy) {
        this.hierarchy = hierarchy;
        this.policy = policy;
    }

    /** The transformed class file (null when nothing changed) and what happened to each method. */
    public record Result(byte[] bytes, List<MethodOutcome> outcomes) {}

    /**
     * Transforms a class, telling the runtime of its methods through {@code registration} (a new one
     * per class).
     *
     * @throws TransformException when the registration refuses the class as a whole (at build time: its
     *     class file version is too old); a method that cannot be woven is guarded instead, never thrown
     */
    public Result transform(byte[] bytes, Registration registration) throws TransformException {
        hierarchy.register(bytes);
        ClassReader reader = new ClassReader(bytes);
        Set<String> forcedChecksOnly = new HashSet<>();
        boolean flagged = false;
        while (true) {
            ClassNode c = read(reader);
            if (!flagged) {
                flagged = true;
                // before weaving, so that the sites of these methods are registered knowing it
                for (String key : policy.calledByCodeNotWoven(c)) {
                    registration.calledByCodeNotWoven(key);
                }
            }
            List<MethodOutcome> outcomes = new ArrayList<>();
            boolean changed = transformMethods(c, forcedChecksOnly, outcomes, registration);
            if (!changed && !registration.mustWrite()) {
                return new Result(null, outcomes);
            }
            registration.beforeWrite(c, outcomes);
            HierarchyClassWriter writer = new HierarchyClassWriter(reader, hierarchy);
            c.accept(writer);
            try {
                byte[] transformed = writer.toByteArray();
                registration.afterWrite(outcomes);
                return new Result(transformed, outcomes);
            } catch (MethodTooLargeException e) {
                if (!forcedChecksOnly.add(e.getMethodName() + e.getDescriptor())) {
                    throw e; // too large even with checks only: the class stays as it was
                }
            }
        }
    }

    private static ClassNode read(ClassReader reader) {
        ClassNode c = new ClassNode();
        reader.accept(new ClassVisitor(Opcodes.ASM9, c) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                return new JSRInlinerAdapter(mv, access, name, desc, signature, exceptions);
            }
        }, ClassReader.SKIP_FRAMES);
        return c;
    }

    private boolean transformMethods(ClassNode c, Set<String> forcedChecksOnly, List<MethodOutcome> outcomes,
            Registration registration) {
        Set<String> suspendable = policy.suspendableMethods(c);
        boolean changed = false;
        for (ListIterator<MethodNode> it = c.methods.listIterator(); it.hasNext(); ) {
            MethodNode m = it.next();
            if (m.instructions.size() == 0) {
                continue;
            }
            List<MethodInsnNode> calls = suspendingCalls(c, m);
            if (calls.isEmpty()) {
                continue;
            }
            String key = m.name + m.desc;
            MethodNode result;
            if (suspendable.contains(key) && !m.name.startsWith("<") && !forcedChecksOnly.contains(key)) {
                result = weaveOrRefuse(c, m, outcomes, registration);
            } else {
                String reason = whyNotSuspendable(c, m, calls.get(0), forcedChecksOnly.contains(key));
                result = checksOnly(c, m, reason);
                outcomes.add(new MethodOutcome(c.name, key, MethodOutcome.Kind.CHECKED, 0, reason));
            }
            it.set(result);
            changed = true;
        }
        return changed;
    }

    private MethodNode weaveOrRefuse(ClassNode c, MethodNode original, List<MethodOutcome> outcomes,
            Registration registration) {
        String key = original.name + original.desc;
        MethodNode copy = copy(original);
        try {
            MethodWeaver weaver = new MethodWeaver(c.name, c.sourceFile, copy, hierarchy, registration);
            int points = weaver.weave(suspendingCalls(c, copy));
            outcomes.add(new MethodOutcome(c.name, key, MethodOutcome.Kind.WOVEN, points, null, weaver.resumePoints()));
            return copy;
        } catch (TransformException e) {
            return refused(c, original, e.getMessage(), outcomes);
        } catch (Exception | LinkageError e) {
            return refused(c, original, "internal error in the jcoro transformer: " + e, outcomes);
        }
    }

    private MethodNode refused(ClassNode c, MethodNode original, String why, List<MethodOutcome> outcomes) {
        String key = original.name + original.desc;
        MethodOutcome refusal = new MethodOutcome(c.name, key, MethodOutcome.Kind.REFUSED, 0, why);
        outcomes.add(refusal);
        return checksOnly(c, original, refusal.guardReason());
    }

    private MethodNode checksOnly(ClassNode c, MethodNode original, String reason) {
        MethodNode copy = copy(original);
        for (MethodInsnNode call : suspendingCalls(c, copy)) {
            CheckWeaver.addCheck(copy, call, Bytecode.site(c.name, copy.name, c.sourceFile, Bytecode.lineOf(call)), reason);
        }
        return copy;
    }

    private static String whyNotSuspendable(ClassNode c, MethodNode m, MethodInsnNode firstCall, boolean tooLarge) {
        String self = c.name.replace('/', '.') + "." + m.name;
        if (tooLarge) {
            return Refusals.tooLarge(self);
        }
        if ("<init>".equals(m.name)) {
            return Refusals.CONSTRUCTOR;
        }
        if ("<clinit>".equals(m.name)) {
            return Refusals.STATIC_INITIALIZER;
        }
        if (m.name.startsWith("lambda$")) {
            return Refusals.LAMBDA_OF_PLAIN_INTERFACE;
        }
        return Refusals.notSuspendable(self, Bytecode.describeCall(firstCall.owner, firstCall.name));
    }

    private List<MethodInsnNode> suspendingCalls(ClassNode c, MethodNode m) {
        List<MethodInsnNode> calls = new ArrayList<>();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (!call.name.startsWith("<") && policy.isSuspendingCall(c, call)) {
                    calls.add(call);
                }
            }
        }
        return calls;
    }

    private static MethodNode copy(MethodNode m) {
        MethodNode copy = new MethodNode(Opcodes.ASM9, m.access, m.name, m.desc, m.signature,
                m.exceptions == null ? null : m.exceptions.toArray(new String[0]));
        m.accept(copy);
        return copy;
    }
}
