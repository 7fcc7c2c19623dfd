package com.example.orders.isolation.pertest;

// 10 classes of 5 tests: JUnit runs (and, in parallel, schedules) them as a suite of 10 test classes would be.
class C01 extends PerTestSuite { }
class C02 extends PerTestSuite { }
class C03 extends PerTestSuite { }
class C04 extends PerTestSuite { }
class C05 extends PerTestSuite { }
class C06 extends PerTestSuite { }
class C07 extends PerTestSuite { }
class C08 extends PerTestSuite { }
class C09 extends PerTestSuite { }
class C10 extends PerTestSuite { }
