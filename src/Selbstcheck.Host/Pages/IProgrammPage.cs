namespace Selbstcheck.Host.Pages;

/// <summary>#15 H3: a page of the programme team's area (/programm…): the layout shows the programme navigation (_ProgrammNav) above it.</summary>
public interface IProgrammPage;
