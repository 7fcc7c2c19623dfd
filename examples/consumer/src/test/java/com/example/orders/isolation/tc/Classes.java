package com.example.orders.isolation.tc;

// 10 classes of 5 tests: JUnit runs (and, in parallel, schedules) them as a suite of 10 test classes would be.
class C01 extends ContainerPerClassSuite { }
class C02 extends ContainerPerClassSuite { }
class C03 extends ContainerPerClassSuite { }
class C04 extends ContainerPerClassSuite { }
class C05 extends ContainerPerClassSuite { }
class C06 extends ContainerPerClassSuite { }
class C07 extends ContainerPerClassSuite { }
class C08 extends ContainerPerClassSuite { }
class C09 extends ContainerPerClassSuite { }
class C10 extends ContainerPerClassSuite { }
