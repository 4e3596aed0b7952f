package io.jcoro.weaver.transform;

import io.jcoro.weaver.bytecode.Bytecode;
import io.jcoro.weaver.bytecode.Refusals;
import io.jcoro.weaver.bytecode.TransformException;
import io.jcoro.weaver.emit.CheckWeaver;
import io.jcoro.weaver.emit.ResumeEntry;
import io.jcoro.weaver.hierarchy.ClassHierarchy;
import io.jcoro.weaver.plan.ResumeEntries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
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
 * class is unaffected. Its static and private woven methods get second entries ({@link ResumeEntries}),
 * which restores from the same class call, unless the registration forbids new methods (the agent
 * retransforming a class loaded before it ran: there, as everywhere else, only method bodies change).
 * At build time ({@link Registration#forBuild}) the class also gets a static initialiser that registers
 * it, and a marker.
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
        Set<String> tooLargeForSecondEntry = new HashSet<>();
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
            boolean changed = transformMethods(c, forcedChecksOnly, tooLargeForSecondEntry, outcomes, registration);
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
                if (ResumeEntries.isEntryDescriptor(e.getDescriptor())) {
                    // the copy is as large as the method: weave the method again, without a second entry
                    if (!tooLargeForSecondEntry.add(e.getMethodName() + ResumeEntries.methodDescriptor(e.getDescriptor()))) {
                        throw e;
                    }
                } else if (!forcedChecksOnly.add(e.getMethodName() + e.getDescriptor())) {
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

    private boolean transformMethods(ClassNode c, Set<String> forcedChecksOnly, Set<String> tooLargeForSecondEntry,
            List<MethodOutcome> outcomes, Registration registration) {
        Set<String> suspendable = policy.suspendableMethods(c);
        callPrivateMethodsAsSpecial(c);
        Map<MethodNode, List<MethodInsnNode>> callsByMethod = new LinkedHashMap<>();
        for (MethodNode m : c.methods) {
            if (m.instructions.size() != 0 && !isForwardingRunBody(c, m)) {
                List<MethodInsnNode> calls = suspendingCalls(c, m);
                if (!calls.isEmpty()) {
                    callsByMethod.put(m, calls);
                }
            }
        }
        Set<String> toWeave = new HashSet<>();
        for (MethodNode m : callsByMethod.keySet()) {
            String key = m.name + m.desc;
            if (suspendable.contains(key) && !m.name.startsWith("<") && !forcedChecksOnly.contains(key)) {
                toWeave.add(key);
            }
        }
        ResumeEntries entries = secondEntries(c, toWeave, callsByMethod, tooLargeForSecondEntry, registration);
        Map<String, MethodNode> secondEntries = new LinkedHashMap<>();
        boolean changed = false;
        for (ListIterator<MethodNode> it = c.methods.listIterator(); it.hasNext(); ) {
            MethodNode m = it.next();
            List<MethodInsnNode> calls = callsByMethod.get(m);
            if (calls == null) {
                continue;
            }
            String key = m.name + m.desc;
            MethodNode result;
            if (toWeave.contains(key)) {
                result = weaveOrRefuse(c, m, outcomes, registration, entries, secondEntries);
            } else {
                String reason = whyNotSuspendable(c, m, calls.get(0), forcedChecksOnly.contains(key));
                result = checksOnly(c, m, reason);
                outcomes.add(new MethodOutcome(c.name, key, MethodOutcome.Kind.CHECKED, 0, reason));
            }
            it.set(result);
            changed = true;
        }
        List<String> added = new ArrayList<>();
        for (MethodNode m : callsByMethod.keySet()) {
            String key = m.name + m.desc;
            if (entries.has(key)) {
                MethodNode entry = secondEntries.get(key);
                c.methods.add(entry != null ? entry : ResumeEntry.unreachable(m, c.name + "." + key));
                added.add(c.name + "." + key);
            }
        }
        registration.secondEntriesAdded(added);
        return changed;
    }

    /**
     * Whether {@code m} is the {@code runBody} of a store that forwards to its body (a subclass of the
     * runtime's {@code ForwardingCoroutine}): it saves no frame, by design, and the runtime's checks
     * know it (the root check and the stack walk), so it is neither woven nor checked.
     */
    private boolean isForwardingRunBody(ClassNode c, MethodNode m) {
        return m.name.equals("runBody") && m.desc.equals("()V") && (m.access & Opcodes.ACC_STATIC) == 0
                && hierarchy.isSubclassOf(c.name, Bytecode.FORWARDING_COROUTINE);
    }

    /**
     * Turns {@code invokevirtual} of a private instance method of the class itself (how javac 11 and
     * later call them) into {@code invokespecial}, which is what it means: a private method is never
     * selected by the receiver's class. Then the weaver treats the call as the direct call it is: its
     * capture check compares with the one method it reaches, and a restore may use the callee's second
     * entry. Interfaces are left as they are.
     */
    private static void callPrivateMethodsAsSpecial(ClassNode c) {
        if ((c.access & Opcodes.ACC_INTERFACE) != 0) {
            return;
        }
        Set<String> privateMethods = new HashSet<>();
        for (MethodNode m : c.methods) {
            if ((m.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)) == Opcodes.ACC_PRIVATE && !m.name.startsWith("<")) {
                privateMethods.add(m.name + m.desc);
            }
        }
        if (privateMethods.isEmpty()) {
            return;
        }
        for (MethodNode m : c.methods) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn.getOpcode() == Opcodes.INVOKEVIRTUAL) {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    if (call.owner.equals(c.name) && !call.itf && privateMethods.contains(call.name + call.desc)) {
                        call.setOpcode(Opcodes.INVOKESPECIAL);
                    }
                }
            }
        }
    }

    /**
     * The methods of the class that get a second entry: those it weaves that are static or private and
     * that a suspending call of the class may restore through ({@link ResumeEntries#reaches}), in a class
     * (not an interface), where the registration allows a new method.
     */
    private static ResumeEntries secondEntries(ClassNode c, Set<String> toWeave,
            Map<MethodNode, List<MethodInsnNode>> callsByMethod, Set<String> tooLarge, Registration registration) {
        if ((c.access & Opcodes.ACC_INTERFACE) != 0) {
            return ResumeEntries.NONE;
        }
        Set<String> wovenHere = new HashSet<>();
        for (MethodNode m : callsByMethod.keySet()) {
            String key = m.name + m.desc;
            if (toWeave.contains(key) && (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) != 0 && !tooLarge.contains(key)
                    && ResumeEntry.fitsParameterLimit(m)) {
                wovenHere.add(key);
            }
        }
        ResumeEntries possible = new ResumeEntries(c.name, wovenHere);
        Set<String> methods = new HashSet<>();
        for (Map.Entry<MethodNode, List<MethodInsnNode>> caller : callsByMethod.entrySet()) {
            if (!toWeave.contains(caller.getKey().name + caller.getKey().desc)) {
                continue; // a method that only checks its calls never restores through them
            }
            for (MethodInsnNode call : caller.getValue()) {
                String key = call.name + call.desc;
                if (possible.reaches(call) && !methods.contains(key) && registration.mayAddSecondEntry(c.name + "." + key)) {
                    methods.add(key);
                }
            }
        }
        return methods.isEmpty() ? ResumeEntries.NONE : new ResumeEntries(c.name, methods);
    }

    private MethodNode weaveOrRefuse(ClassNode c, MethodNode original, List<MethodOutcome> outcomes,
            Registration registration, ResumeEntries entries, Map<String, MethodNode> secondEntries) {
        String key = original.name + original.desc;
        MethodNode copy = copy(original);
        try {
            MethodWeaver weaver = new MethodWeaver(c.name, c.sourceFile, copy, hierarchy, registration);
            int points = weaver.weave(suspendingCalls(c, copy), entries);
            if (weaver.secondEntry() != null) {
                secondEntries.put(key, weaver.secondEntry());
            }
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
