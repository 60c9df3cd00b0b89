// libedit, the BSD line editor, as found by pkg-config (`libedit`). Its el_set, el_get and
// history calls are variadic, which Swift cannot call: gd goes through the CLineEdit shim.
#include <histedit.h>
