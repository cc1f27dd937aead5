package dev.relib.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.relib.processor.Messages.Fragment;
import dev.relib.processor.TypeRules.CopyViolation;
import dev.relib.processor.TypeRules.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Validates an {@code @Exports} or {@code @Imports} interface for one side and, when it is valid,
 * builds the model its bridge is written from. Reports, never writes.
 *
 * <p>It is a little over 350 lines because it walks one interface once, in source order: each
 * method, then each parameter and the return, deciding how each crosses ({@link Transfer}) as it
 * reports what cannot; the type rules themselves live in {@link TypeRules} and the copy plan in
 * {@link CopyPlanner}.
 */
final class ApiValidator {
  /** The outcome: a report, and a model exactly when the report is clean. */
  record Result(Report report, Optional<ApiModel> model) {}

  private final TypeRules rules;
  private final FingerprintBuilder fingerprints;
  private final Predicate<Element> inSources;

  /**
   * @param inSources whether an element is compiled in this build (errors go on it) or comes from
   *     the class path (errors go on the element being compiled, naming it)
   */
  ApiValidator(TypeRules rules, FingerprintBuilder fingerprints, Predicate<Element> inSources) {
    this.rules = rules;
    this.fingerprints = fingerprints;
    this.inSources = inSources;
  }

  /**
   * Validates one annotated element for one side.
   *
   * @throws Deferral if a type the interface uses is not resolvable yet
   */
  Result validate(TypeElement type, Side side) {
    Report report = new Report();
    String annotations = annotationsOf(type);
    if (type.getKind() != ElementKind.INTERFACE) {
      report.error(
          type,
          Messages.NOT_AN_INTERFACE,
          TypeText.simpleName(type),
          side.simpleName(),
          Messages.kindName(type),
          side.simpleName(),
          TypeText.simpleName(type));
      return new Result(report, Optional.empty());
    }
    TypeRules.inaccessibility(type)
        .ifPresent(
            why ->
                report.error(
                    type, Messages.NOT_PUBLIC, annotations, TypeText.simpleName(type), why));
    if (!type.getTypeParameters().isEmpty()) {
      report.error(
          type,
          Messages.GENERIC_INTERFACE,
          annotations,
          TypeText.simpleName(type),
          typeParameters(type.getTypeParameters()));
      // The methods use the type variables: checking them would only repeat this error.
      return new Result(report, Optional.empty());
    }

    List<Member> members = rules.bridgedMethods(type);
    Set<String> methodNames =
        members.stream()
            .map(member -> member.element().getSimpleName().toString())
            .collect(Collectors.toSet());
    CopyPlanner planner = new CopyPlanner(rules, side, rules.bridgeName(type, side), methodNames);
    List<ApiModel.Method> methods = new ArrayList<>();
    for (Member member : members) {
      validateMethod(type, side, member, planner, report).ifPresent(methods::add);
    }
    if (!report.isClean()) {
      return new Result(report, Optional.empty());
    }
    ApiModel model =
        new ApiModel(
            type,
            side,
            ClassName.get(type),
            rules.bridgeName(type, side),
            List.copyOf(methods),
            planner.copiers(),
            fingerprints.of(type),
            rules.javaLangClashes(type));
    return new Result(report, Optional.of(model));
  }

  private Optional<ApiModel.Method> validateMethod(
      TypeElement type, Side side, Member member, CopyPlanner planner, Report report) {
    ExecutableElement method = member.element();
    // An inherited method from the class path cannot carry the error: the interface does.
    Element methodSite = inSources.test(method) ? method : type;
    String methodName =
        TypeText.simpleName(method.getEnclosingElement()) + "." + method.getSimpleName();
    if (!method.getTypeParameters().isEmpty()) {
      report.error(
          methodSite,
          Messages.GENERIC_METHOD,
          methodName,
          typeParameters(method.getTypeParameters()));
      return Optional.empty();
    }
    if (method.getSimpleName().contentEquals("retarget")
        && method.getParameters().size() == 1
        && TypeText.canonical(method.getParameters().get(0).asType()).equals("java.lang.Object")) {
      report.error(methodSite, Messages.RESERVED_METHOD, methodName);
      return Optional.empty();
    }
    int errorsBefore = report.errors().size();

    List<ApiModel.Parameter> parameters = new ArrayList<>();
    List<? extends VariableElement> parameterElements = method.getParameters();
    List<? extends TypeMirror> parameterTypes = member.type().getParameterTypes();
    for (int i = 0; i < parameterTypes.size(); i++) {
      VariableElement parameter = parameterElements.get(i);
      TypeMirror parameterType = parameterTypes.get(i);
      Element site = inSources.test(parameter) ? parameter : methodSite;
      String what = Fragment.PARAMETER_OF.format(parameter.getSimpleName(), methodName);
      Transfer transfer =
          checkLoadable(parameterType, what, site, report)
              ? parameterTransfer(side, parameter, parameterType, methodName, site, report)
              : null;
      if (transfer != null) {
        parameters.add(
            new ApiModel.Parameter(
                parameter.getSimpleName().toString(), TypeName.get(parameterType), transfer));
      }
    }

    TypeMirror returnType = member.type().getReturnType();
    Transfer returned = Transfer.AS_IS;
    if (returnType.getKind() != TypeKind.VOID) {
      returned =
          checkLoadable(returnType, Fragment.RETURN_TYPE_OF.format(methodName), methodSite, report)
              ? returnTransfer(side, returnType, methodName, methodSite, planner, report)
              : null;
    }
    List<TypeName> thrown = new ArrayList<>();
    for (TypeMirror exception : member.type().getThrownTypes()) {
      checkLoadable(exception, Fragment.THROWS_CLAUSE_OF.format(methodName), methodSite, report);
      thrown.add(TypeName.get(exception));
    }
    if (report.errors().size() > errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new ApiModel.Method(
            method.getSimpleName().toString(),
            List.copyOf(parameters),
            method.isVarArgs(),
            TypeName.get(returnType),
            returned,
            List.copyOf(thrown)));
  }

  /**
   * Checks that every type the signature reaches can be loaded by a module, and that the
   * {@code @Copy} types among them are immutable.
   *
   * @return whether the type can be checked further
   */
  private boolean checkLoadable(TypeMirror type, String what, Element site, Report report) {
    boolean loadable = true;
    for (TypeElement reached : rules.reachedTypes(type)) {
      Optional<String> why = TypeRules.inaccessibility(reached);
      if (why.isPresent()) {
        report.error(
            site,
            Messages.INACCESSIBLE_TYPE,
            what,
            TypeText.simpleName(reached),
            why.get(),
            TypeText.simpleName(reached));
        loadable = false;
      } else if (TypeRules.isCopyAnnotated(reached)) {
        checkCopyType(reached, what, site, report);
      }
    }
    return loadable;
  }

  private void checkCopyType(TypeElement copyType, String what, Element site, Report report) {
    List<CopyViolation> violations = rules.copyViolations(copyType);
    if (violations.isEmpty()) {
      return;
    }
    String name = TypeText.simpleName(copyType);
    if (inSources.test(copyType)) {
      for (CopyViolation violation : violations) {
        if (violation.onField()) {
          report.error(
              violation.element(),
              Messages.COPY_FIELD,
              violation.element().getSimpleName(),
              name,
              violation.problem(),
              violation.fix());
        } else {
          report.error(violation.element(), Messages.COPY_NOT_FINAL, name, violation.problem());
        }
      }
    } else {
      report.error(
          site,
          Messages.INVALID_COPY_TYPE,
          what,
          copyType.getQualifiedName(),
          violations.stream().map(CopyViolation::summary).collect(Collectors.joining("; ")),
          name);
    }
  }

  private Transfer parameterTransfer(
      Side side,
      VariableElement parameter,
      TypeMirror type,
      String methodName,
      Element site,
      Report report) {
    if (TypeRules.isBorrowed(parameter)) {
      return Transfer.AS_IS;
    }
    Optional<TypeElement> callback = TypeRules.sideInterface(type, side.opposite());
    if (callback.isPresent()) {
      return new Transfer.Wrapped(rules.bridgeName(callback.get(), side.opposite()));
    }
    Optional<TypeElement> sameSide = TypeRules.sideInterface(type, side);
    if (sameSide.isPresent()) {
      String name = TypeText.simpleName(sameSide.get());
      report.error(
          site,
          Messages.SAME_SIDE_PARAMETER,
          parameter.getSimpleName(),
          methodName,
          name,
          side.simpleName(),
          side.simpleName(),
          side.opposite().simpleName(),
          name,
          side.opposite().simpleName());
      return null;
    }
    String why = rules.whyNotCopy(type);
    if (why == null) {
      return Transfer.AS_IS;
    }
    report.error(
        site,
        Messages.MUTABLE_PARAMETER,
        parameter.getSimpleName(),
        methodName,
        TypeText.simple(type),
        why);
    return null;
  }

  private Transfer returnTransfer(
      Side side,
      TypeMirror type,
      String methodName,
      Element site,
      CopyPlanner planner,
      Report report) {
    CopyPlanner.Plan plan = planner.plan(type);
    if (plan.failure() instanceof CopyPlanner.WrongSide failure) {
      String name = TypeText.simpleName(failure.handle());
      report.error(
          site,
          Messages.WRONG_SIDE_RETURN,
          methodName,
          TypeText.simple(type),
          wrongSidePlace(failure, type, side.opposite()),
          side.simpleName(),
          side.simpleName(),
          name,
          side.simpleName());
      return null;
    }
    if (plan.failure() instanceof CopyPlanner.Unsupported failure) {
      report.error(
          site,
          Messages.UNSUPPORTED_RETURN,
          methodName,
          TypeText.simple(type),
          failure.reason(),
          failure.fix());
      return null;
    }
    if (plan.failure() instanceof CopyPlanner.Unreadable failure) {
      for (CopyPlanner.UnreadableField unreadable : failure.fields()) {
        reportUnreadable(unreadable, site, report);
      }
      return null;
    }
    return plan.transfer();
  }

  /**
   * Where a returned type holds a handle of the other side, as {@link Messages#WRONG_SIDE_RETURN}
   * says it: the type itself, a part of it, or a part of a type inside it.
   */
  private String wrongSidePlace(CopyPlanner.WrongSide failure, TypeMirror returned, Side other) {
    String name = TypeText.simpleName(failure.handle());
    if (failure.holder() == null) {
      return Fragment.HANDLE_ITSELF.format(other.simpleName());
    }
    if (rules.types().isSameType(failure.holder(), returned)) {
      return Fragment.HANDLE_IN_RETURNED.format(failure.role(), name, other.simpleName());
    }
    return Fragment.HANDLE_IN_PART.format(
        TypeText.simple(failure.holder()), failure.role(), name, other.simpleName());
  }

  /**
   * Reports a field the bridge must read and cannot: on the field, or, for a class from the class
   * path, on the method that returns it, naming the class in full.
   */
  private void reportUnreadable(
      CopyPlanner.UnreadableField unreadable, Element site, Report report) {
    VariableElement field = unreadable.field();
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    boolean inSource = inSources.test(field);
    String ownerName = inSource ? TypeText.simpleName(owner) : owner.getQualifiedName().toString();
    report.error(
        inSource ? field : site,
        Messages.UNREADABLE_COPY_FIELD,
        field.getSimpleName(),
        ownerName,
        unreadable.holds(),
        unreadable.why(),
        ownerName,
        unreadable.accessor(),
        unreadable.getter(),
        TypeText.simple(unreadable.type()),
        ownerName,
        unreadable.accessor());
  }

  private static String annotationsOf(TypeElement type) {
    List<String> names = new ArrayList<>();
    for (Side side : Side.values()) {
      if (TypeRules.hasAnnotation(type, side.annotation())) {
        names.add(side.simpleName());
      }
    }
    return String.join(" @", names);
  }

  private static String typeParameters(List<? extends TypeParameterElement> parameters) {
    return parameters.stream()
        .map(parameter -> parameter.getSimpleName().toString())
        .collect(Collectors.joining(", ", "<", ">"));
  }
}
