/// Hand-derived derivatives, checked against SymPy by Tests/reference/verify_derivative_table.py.
///
/// Each case is a one-variable loss in `x` (gd syntax) with its derivative d/dx worked out by
/// hand, plus a few points strictly inside the real domain and at least 1e-2 away from any
/// kink of abs/relu/min/max/sign/heaviside. Keep every `DerivativeCase(...)` on one line:
/// the verification script parses this file with a regular expression.
struct DerivativeCase: Sendable {
    let expr: String        // a one-variable loss in x, gd syntax
    let derivative: String  // its derivative d/dx, derived by hand, gd syntax
    let points: [Double]    // x values inside the domain, away from kinks
}

let derivativeTable: [DerivativeCase] = [
    // Polynomials, unary minus, precedence, number syntax
    DerivativeCase(expr: "x^4 - 3*x^2 + 2", derivative: "4*x^3 - 6*x", points: [-1.7, 0.3, 2.0]),
    DerivativeCase(expr: "-x^2 + 5*x", derivative: "-2*x + 5", points: [-2.0, 0.5, 3.25]),
    DerivativeCase(expr: "1e-3*x^3 + 2.5", derivative: "3e-3*x^2", points: [-4.0, 0.7, 12.0]),
    DerivativeCase(expr: "(x - 1)*(x + 2)^2", derivative: "(x + 2)^2 + 2*(x - 1)*(x + 2)", points: [-3.0, 0.1, 1.6]),

    // Powers: negative, non-integer, quotients
    DerivativeCase(expr: "x^2.5", derivative: "2.5*x^1.5", points: [0.2, 1.0, 3.3]),
    DerivativeCase(expr: "x^(-1.5)", derivative: "-1.5*x^(-2.5)", points: [0.5, 2.0, 4.0]),
    DerivativeCase(expr: "1/x^3", derivative: "-3/x^4", points: [-1.5, 0.7, 2.0]),
    DerivativeCase(expr: "x^(1/3)", derivative: "(1/3)*x^(-2/3)", points: [0.1, 1.0, 8.0]),
    DerivativeCase(expr: "(x^2 + 1)^(-0.5)", derivative: "-x*(x^2 + 1)^(-1.5)", points: [-2.0, 0.3, 1.1]),
    DerivativeCase(expr: "(x^2 - 1)/(x^2 + 1)", derivative: "(2*x*(x^2 + 1) - (x^2 - 1)*2*x)/(x^2 + 1)^2", points: [-1.4, 0.25, 3.0]),

    // Variable exponents, constants pi and e
    DerivativeCase(expr: "x^x", derivative: "x^x*(log(x) + 1)", points: [0.3, 1.0, 2.5]),
    DerivativeCase(expr: "x^sin(x)", derivative: "x^sin(x)*(cos(x)*log(x) + sin(x)/x)", points: [0.5, 1.5, 3.0]),
    DerivativeCase(expr: "(sin(x) + 2)^cos(x)", derivative: "(sin(x) + 2)^cos(x)*(-sin(x)*log(sin(x) + 2) + cos(x)*cos(x)/(sin(x) + 2))", points: [-1.0, 0.4, 2.2]),
    DerivativeCase(expr: "2^x", derivative: "log(2)*2^x", points: [-1.5, 0.0, 3.0]),
    DerivativeCase(expr: "2^x^2", derivative: "log(2)*2*x*2^(x^2)", points: [-1.2, 0.5, 1.5]),
    DerivativeCase(expr: "e^(2*x)", derivative: "2*e^(2*x)", points: [-1.0, 0.0, 1.3]),
    DerivativeCase(expr: "pi*x^2 + e*x", derivative: "2*pi*x + e", points: [-2.0, 0.5, 1.0]),
    DerivativeCase(expr: "pi^sin(x)", derivative: "pi^sin(x)*log(pi)*cos(x)", points: [-2.0, 0.6, 2.9]),

    // Trigonometric
    DerivativeCase(expr: "sin(x)*cos(x)", derivative: "cos(x)^2 - sin(x)^2", points: [-1.2, 0.4, 2.5]),
    DerivativeCase(expr: "sin(x^2)", derivative: "2*x*cos(x^2)", points: [-1.1, 0.5, 1.7]),
    DerivativeCase(expr: "cos(3*x - 1)", derivative: "-3*sin(3*x - 1)", points: [-0.8, 0.2, 1.4]),
    DerivativeCase(expr: "cos(x)^3", derivative: "-3*cos(x)^2*sin(x)", points: [-2.3, 0.9, 4.0]),
    DerivativeCase(expr: "tan(x)", derivative: "1 + tan(x)^2", points: [-1.2, 0.1, 1.0]),
    DerivativeCase(expr: "tan(x^2/2)", derivative: "x/cos(x^2/2)^2", points: [-1.5, 0.6, 1.3]),
    DerivativeCase(expr: "tan(x)/x", derivative: "(x*(1 + tan(x)^2) - tan(x))/x^2", points: [-1.0, 0.5, 1.2]),
    DerivativeCase(expr: "sin(pi*x)/x", derivative: "(pi*x*cos(pi*x) - sin(pi*x))/x^2", points: [-1.3, 0.5, 2.2]),
    DerivativeCase(expr: "sin(cos(tan(x)))", derivative: "-cos(cos(tan(x)))*sin(tan(x))*(1 + tan(x)^2)", points: [-1.0, 0.3, 1.2]),
    DerivativeCase(expr: "exp(-x)*cos(2*pi*x)", derivative: "-exp(-x)*cos(2*pi*x) - 2*pi*exp(-x)*sin(2*pi*x)", points: [-0.7, 0.15, 1.9]),

    // Inverse trigonometric
    DerivativeCase(expr: "asin(x)", derivative: "1/sqrt(1 - x^2)", points: [-0.9, 0.1, 0.75]),
    DerivativeCase(expr: "asin(x^2)", derivative: "2*x/sqrt(1 - x^4)", points: [-0.8, 0.3, 0.9]),
    DerivativeCase(expr: "asin(tanh(x))", derivative: "(1 - tanh(x)^2)/sqrt(1 - tanh(x)^2)", points: [-2.0, 0.2, 1.5]),
    DerivativeCase(expr: "acos(x/2)", derivative: "-1/(2*sqrt(1 - x^2/4))", points: [-1.8, 0.5, 1.5]),
    DerivativeCase(expr: "acos(sin(x))", derivative: "-cos(x)/sqrt(1 - sin(x)^2)", points: [-1.0, 0.5, 2.5]),
    DerivativeCase(expr: "x*acos(x)", derivative: "acos(x) - x/sqrt(1 - x^2)", points: [-0.7, 0.2, 0.9]),
    DerivativeCase(expr: "atan(x)", derivative: "1/(1 + x^2)", points: [-3.0, 0.2, 5.0]),
    DerivativeCase(expr: "atan(1/x)", derivative: "-1/(x^2*(1 + 1/x^2))", points: [-2.0, 0.5, 3.0]),
    DerivativeCase(expr: "atan(sinh(x))", derivative: "cosh(x)/(1 + sinh(x)^2)", points: [-1.5, 0.0, 2.0]),
    DerivativeCase(expr: "sqrt(x^2 + 1)*atan(x)", derivative: "x*atan(x)/sqrt(x^2 + 1) + sqrt(x^2 + 1)/(1 + x^2)", points: [-2.5, 0.4, 1.0]),

    // Hyperbolic
    DerivativeCase(expr: "sinh(2*x)", derivative: "2*cosh(2*x)", points: [-1.0, 0.3, 1.5]),
    DerivativeCase(expr: "sinh(log(x))", derivative: "cosh(log(x))/x", points: [0.3, 1.0, 4.5]),
    DerivativeCase(expr: "cosh(x^2)", derivative: "2*x*sinh(x^2)", points: [-1.3, 0.4, 1.1]),
    DerivativeCase(expr: "sqrt(cosh(x))", derivative: "sinh(x)/(2*sqrt(cosh(x)))", points: [-1.7, 0.0, 0.8]),
    DerivativeCase(expr: "log(cosh(x))", derivative: "tanh(x)", points: [-2.0, 0.1, 3.0]),
    DerivativeCase(expr: "tanh(x)", derivative: "1 - tanh(x)^2", points: [-2.0, 0.0, 0.7]),
    DerivativeCase(expr: "tanh(sin(x))", derivative: "(1 - tanh(sin(x))^2)*cos(x)", points: [-1.6, 0.5, 2.8]),

    // Exponential, logarithm, square root
    DerivativeCase(expr: "exp(-x^2/2)", derivative: "-x*exp(-x^2/2)", points: [-1.5, 0.2, 2.0]),
    DerivativeCase(expr: "exp(sin(x))*cos(x)", derivative: "exp(sin(x))*cos(x)^2 - exp(sin(x))*sin(x)", points: [-2.0, 0.3, 1.8]),
    DerivativeCase(expr: "exp(x)/(1 + exp(x))", derivative: "exp(x)/(1 + exp(x))^2", points: [-3.0, 0.0, 1.2]),
    DerivativeCase(expr: "x^2*exp(-x)*sin(x)", derivative: "2*x*exp(-x)*sin(x) - x^2*exp(-x)*sin(x) + x^2*exp(-x)*cos(x)", points: [-1.0, 0.6, 2.4]),
    DerivativeCase(expr: "log(x)", derivative: "1/x", points: [0.1, 1.0, 7.5]),
    DerivativeCase(expr: "log(1 + x^2)", derivative: "2*x/(1 + x^2)", points: [-2.0, 0.3, 1.0]),
    DerivativeCase(expr: "log(log(x))", derivative: "1/(x*log(x))", points: [1.5, 2.7, 10.0]),
    DerivativeCase(expr: "log1p(x)", derivative: "1/(1 + x)", points: [-0.9, 1e-9, 0.5, 6.0]),
    DerivativeCase(expr: "log1p(x^2)", derivative: "2*x/(1 + x^2)", points: [-2.0, 0.3, 1.0]),
    DerivativeCase(expr: "log1p(exp(x))", derivative: "exp(x)/(1 + exp(x))", points: [-3.0, 0.0, 1.2]),
    DerivativeCase(expr: "x*log1p(sin(x))", derivative: "log1p(sin(x)) + x*cos(x)/(1 + sin(x))", points: [-1.0, 0.4, 2.5]),
    DerivativeCase(expr: "sqrt(x)", derivative: "1/(2*sqrt(x))", points: [0.04, 1.0, 9.3]),
    DerivativeCase(expr: "sqrt(1 + x^2)", derivative: "x/sqrt(1 + x^2)", points: [-2.0, 0.5, 3.0]),
    DerivativeCase(expr: "sqrt(sqrt(x) + 1)", derivative: "1/(2*sqrt(sqrt(x) + 1))*1/(2*sqrt(x))", points: [0.09, 1.0, 5.0]),
    DerivativeCase(expr: "sqrt(x)*log(x)", derivative: "log(x)/(2*sqrt(x)) + sqrt(x)/x", points: [0.5, 1.0, 4.0]),

    // abs (derivative uses sign)
    DerivativeCase(expr: "abs(x)", derivative: "sign(x)", points: [-2.0, -0.5, 0.3, 1.5]),
    DerivativeCase(expr: "abs(x^2 - 1)", derivative: "sign(x^2 - 1)*2*x", points: [-1.5, -0.5, 0.2, 2.0]),
    DerivativeCase(expr: "x*abs(sin(x))", derivative: "abs(sin(x)) + x*sign(sin(x))*cos(x)", points: [-2.0, 0.7, 4.0]),
    DerivativeCase(expr: "log(abs(x))", derivative: "1/x", points: [-2.0, -0.3, 0.5, 3.0]),

    // sigmoid and softplus
    DerivativeCase(expr: "sigmoid(x)", derivative: "sigmoid(x)*(1 - sigmoid(x))", points: [-2.0, 0.0, 1.5]),
    DerivativeCase(expr: "sigmoid(3*x)", derivative: "3*sigmoid(3*x)*(1 - sigmoid(3*x))", points: [-1.0, 0.2, 0.9]),
    DerivativeCase(expr: "log(sigmoid(x))", derivative: "1 - sigmoid(x)", points: [-3.0, 0.5, 2.0]),
    DerivativeCase(expr: "sigmoid(x)^(-1)", derivative: "-(1 - sigmoid(x))/sigmoid(x)", points: [-1.5, 0.3, 2.5]),
    DerivativeCase(expr: "sigmoid(tanh(x))", derivative: "sigmoid(tanh(x))*(1 - sigmoid(tanh(x)))*(1 - tanh(x)^2)", points: [-1.2, 0.4, 2.0]),
    DerivativeCase(expr: "softplus(x)", derivative: "sigmoid(x)", points: [-2.0, 0.0, 3.0]),
    DerivativeCase(expr: "softplus(x^2 - 2*x)", derivative: "sigmoid(x^2 - 2*x)*(2*x - 2)", points: [-1.0, 0.8, 2.5]),
    DerivativeCase(expr: "softplus(-x)*sin(x)", derivative: "-sigmoid(-x)*sin(x) + softplus(-x)*cos(x)", points: [-1.5, 0.5, 2.0]),
    DerivativeCase(expr: "softplus(sin(x))", derivative: "sigmoid(sin(x))*cos(x)", points: [-2.5, 0.0, 1.1]),

    // relu (derivative uses heaviside)
    DerivativeCase(expr: "relu(x)", derivative: "heaviside(x)", points: [-1.0, 0.5, 2.0]),
    DerivativeCase(expr: "relu(x^2 - 1)", derivative: "heaviside(x^2 - 1)*2*x", points: [-2.0, -0.5, 0.5, 1.5]),
    DerivativeCase(expr: "relu(sin(x))^2", derivative: "2*relu(sin(x))*heaviside(sin(x))*cos(x)", points: [-1.0, 0.5, 2.0, 4.0]),
    DerivativeCase(expr: "relu(x)*sigmoid(x)", derivative: "heaviside(x)*sigmoid(x) + relu(x)*sigmoid(x)*(1 - sigmoid(x))", points: [-1.0, 0.5, 2.0]),
    DerivativeCase(expr: "softplus(relu(x) - 1)", derivative: "sigmoid(relu(x) - 1)*heaviside(x)", points: [-1.0, 0.5, 2.0]),

    // min and max
    DerivativeCase(expr: "min(x, 1)", derivative: "heaviside(1 - x)", points: [-1.0, 0.5, 2.0]),
    DerivativeCase(expr: "max(x, x^2)", derivative: "heaviside(x^2 - x)*2*x + heaviside(x - x^2)*1", points: [-1.0, 0.5, 2.0]),
    DerivativeCase(expr: "min(sin(x), cos(x))", derivative: "heaviside(cos(x) - sin(x))*cos(x) - heaviside(sin(x) - cos(x))*sin(x)", points: [0.2, 1.5, 3.0]),
    DerivativeCase(expr: "max(exp(x), 2)", derivative: "heaviside(exp(x) - 2)*exp(x)", points: [-1.0, 0.0, 1.0]),
    DerivativeCase(expr: "min(x^2, 4 - x^2)", derivative: "heaviside(4 - 2*x^2)*2*x + heaviside(2*x^2 - 4)*(-2*x)", points: [-2.0, 0.5, 1.8]),
    DerivativeCase(expr: "max(abs(x), 0.5)", derivative: "heaviside(abs(x) - 0.5)*sign(x)", points: [-1.0, 0.2, 2.0]),
    DerivativeCase(expr: "max(relu(x - 1), sigmoid(x))", derivative: "heaviside(relu(x - 1) - sigmoid(x))*heaviside(x - 1) + heaviside(sigmoid(x) - relu(x - 1))*sigmoid(x)*(1 - sigmoid(x))", points: [-1.0, 1.5, 3.0]),
]
