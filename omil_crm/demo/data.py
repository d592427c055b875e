"""Fixed catalogues of the demo: the Gulmué park, its companies, people and the staff accounts.

All companies and people are fictitious; RUTs are generated with valid check digits.
"""

from decimal import Decimal

from omil_crm.accounts import roles

DEMO_PASSWORD = "omil-demo-2026"

# username, first name, last name, role, is_staff (may enter the Django admin)
DEMO_ACCOUNTS = [
    ("gestora", "Camila", "Rojas", roles.GESTORA, False),
    ("gestora2", "Felipe", "Soto", roles.GESTORA, False),
    ("administrativa", "Paula", "Fuentes", roles.ADMINISTRATIVA, False),
    ("psicologa", "Daniela", "Muñoz", roles.PSICOLOGA, False),
    ("encargado", "Rodrigo", "Araya", roles.ENCARGADO, True),
    ("alcaldia", "Marcela", "Vega", roles.ALCALDIA, True),
]

PARK = {
    "name": "Parque Industrial Gulmué",
    "comuna": "05103",  # Concón
    "address": "Camino Concón–Quintero s/n, Concón",
    "meeting_place": "Sala de reuniones de la asociación de empresas del parque",
    # The middle of the Gulmué industrial area, east of Concón along the road to Quillota.
    "latitude": Decimal("-32.938000"),
    "longitude": Decimal("-71.485000"),
}


def company_location(index: int) -> tuple[Decimal, Decimal]:
    """Where the index-th demo company stands: a grid of 8 × 5 plots over the Gulmué area
    (latitude -32.930 to -32.947, longitude -71.498 to -71.472), nudged so no two rows of
    plots line up exactly."""
    row, column = divmod(index, 8)
    latitude = Decimal("-32.9305") - Decimal("0.0040") * row - Decimal("0.0003") * (column % 3)
    longitude = Decimal("-71.4975") + Decimal("0.0035") * column + Decimal("0.0004") * (row % 2)
    return latitude.quantize(Decimal("0.000001")), longitude.quantize(Decimal("0.000001"))


DEPARTMENTS = [
    ("Seguridad Pública", "seguridad@demo-concon.cl", "Jorge Salinas"),
    ("Aseo y Ornato", "aseo@demo-concon.cl", "Verónica Lagos"),
    ("Dirección de Obras Municipales", "obras@demo-concon.cl", "Andrés Pizarro"),
    ("Tránsito", "transito@demo-concon.cl", "Carolina Ibáñez"),
]

# name, department, SLA in working days, keywords
CATEGORIES = [
    ("Poda de árboles", "Aseo y Ornato", 15, "poda, árbol, árboles, ramas, rama"),
    ("Mantención de áreas verdes", "Aseo y Ornato", 10, "áreas verdes, pasto, maleza, jardín"),
    (
        "Reparación de luminarias",
        "Dirección de Obras Municipales",
        10,
        "luminaria, luminarias, alumbrado, poste, foco, luz",
    ),
    (
        "Pintura de pasos peatonales",
        "Dirección de Obras Municipales",
        20,
        "paso peatonal, cebra, demarcación, pintura",
    ),
    (
        "Reductores de velocidad",
        "Dirección de Obras Municipales",
        30,
        "lomo de toro, reductor, resalto, velocidad",
    ),
    (
        "Rondas de patrullaje",
        "Seguridad Pública",
        5,
        "patrullaje, ronda, rondas, seguridad, robo, delincuencia",
    ),
    ("Retiro de basura", "Aseo y Ornato", 5, "basura, residuos, microbasural, escombros, retiro"),
    ("Otras obras", "Dirección de Obras Municipales", 20, "vereda, bache, calzada, obra"),
]

# name, kind, target, description
PROGRAMMES = [
    (
        "Bono al Trabajo de la Mujer",
        "bonus",
        "Trabajadoras de 25 a 59 años del 40 % más vulnerable del Registro Social de Hogares",
        "Aporte monetario a la trabajadora y a su empleador; postulación todo el año.",
    ),
    (
        "Subsidio al Empleo Joven",
        "bonus",
        "Trabajadores de 18 a 24 años del 40 % más vulnerable",
        "Aporte monetario anual o mensual al trabajador joven y a su empleador.",
    ),
    (
        "Aprendices",
        "subsidy",
        "Empresas que contratan jóvenes hasta 25 años con contrato de aprendizaje",
        "Bonificación de hasta 50 % del ingreso mínimo por 12 meses y aporte para formación.",
    ),
    (
        "Experiencia Mayor",
        "subsidy",
        "Empresas que contratan personas desempleadas mayores de 50 años",
        "Subsidio de 60 % del ingreso mínimo los primeros 6 meses y 20 % los siguientes 6.",
    ),
    (
        "Impulsa Personas (franquicia tributaria)",
        "tax_franchise",
        "Empresas que capacitan a sus trabajadores mediante OTEC",
        "Descuento tributario del costo de capacitación de los trabajadores.",
    ),
    (
        "Capacitación en Oficios",
        "training",
        "Personas desempleadas o con empleo precario",
        "Cursos de oficio con práctica laboral; entre los más pedidos, guardia de seguridad.",
    ),
    (
        "Subsidio de Retención Laboral",
        "subsidy",
        "Empresas afectadas por catástrofes",
        "Aporte único para mantener los empleos después de una emergencia.",
    ),
]

# legal name, trade name, sector, workforce
COMPANIES = [
    ("Transportes Gulmué SpA", "TransGulmué", "logistics", 85),
    ("Logística Costa Central Ltda.", "LogiCosta", "logistics", 140),
    ("Bodegas del Aconcagua S.A.", "Bodegas Aconcagua", "storage", 60),
    ("Almacenes Portuarios Concón SpA", "AlmaPort", "storage", 45),
    ("Metalúrgica Los Andes Ltda.", "MetaAndes", "metalworking", 70),
    ("Maestranza Quintero Sur SpA", "Maestranza QS", "metalworking", 38),
    ("Estructuras Metálicas Pacífico S.A.", "EMP", "metalworking", 120),
    ("Alimentos Valle Verde SpA", "Valle Verde", "food", 210),
    ("Congelados del Litoral Ltda.", "CongeLitoral", "food", 95),
    ("Panificadora Industrial Concón SpA", "PanCon", "food", 55),
    ("Químicos Industriales del Pacífico S.A.", "QuimPac", "chemicals", 75),
    ("Lubricantes Aconcagua SpA", "LubriAconcagua", "chemicals", 30),
    ("Pinturas y Recubrimientos Costa SpA", "PinturasCosta", "chemicals", 42),
    ("Áridos y Hormigones Gulmué S.A.", "Hormigones Gulmué", "construction_supplies", 90),
    ("Materiales de Construcción El Faro Ltda.", "El Faro", "construction_supplies", 50),
    ("Prefabricados Concón SpA", "PrefaCon", "construction_supplies", 65),
    ("Distribuidora Central de Gas SpA", "DistriGas", "energy", 40),
    ("Servicios Eléctricos Litoral Ltda.", "SEL", "energy", 35),
    ("Frigoríficos del Pacífico S.A.", "FrigoPac", "storage", 80),
    ("Cargas y Contenedores Quintero SpA", "CargaQ", "logistics", 110),
    ("Embalajes Industriales Concón Ltda.", "EmbaCon", "services", 48),
    ("Mantención Industrial Costa SpA", "MantCosta", "services", 33),
    ("Plásticos del Valle S.A.", "PlastiValle", "chemicals", 88),
    ("Envases Metálicos Gulmué SpA", "EnvaMet", "metalworking", 72),
    ("Aceros y Perfiles Concón Ltda.", "AcerCon", "metalworking", 58),
    ("Cecinas La Costa SpA", "Cecinas La Costa", "food", 130),
    ("Conservera del Aconcagua S.A.", "Conservera Aconcagua", "food", 160),
    ("Transportes Refrigerados Sur SpA", "TransFrío", "logistics", 64),
    ("Centro de Distribución Litoral S.A.", "CD Litoral", "storage", 190),
    ("Grúas y Montajes Pacífico Ltda.", "GrúasPac", "services", 27),
    ("Asfaltos y Pavimentos Concón SpA", "AsfaltoCon", "construction_supplies", 44),
    ("Cerámicas Industriales del Valle SpA", "CeraValle", "construction_supplies", 52),
    ("Insumos Mineros Quintero S.A.", "InsuMin", "services", 61),
    ("Reciclajes del Litoral SpA", "ReciLitoral", "services", 36),
    ("Tornería de Precisión Concón Ltda.", "TorneCon", "metalworking", 22),
    ("Solventes y Aditivos Costa SpA", "SolvaCosta", "chemicals", 29),
    ("Harinas y Cereales Aconcagua S.A.", "Harinas Aconcagua", "food", 77),
    ("Operadora Logística Gulmué SpA", "OpeLog", "logistics", 99),
    ("Vidrios Templados del Pacífico Ltda.", "VidrioPac", "construction_supplies", 40),
    ("Energía Solar Costa Central SpA", "SolarCosta", "energy", 26),
]

FIRST_NAMES = [
    "María",
    "José",
    "Juan",
    "Francisca",
    "Luis",
    "Carolina",
    "Pedro",
    "Valentina",
    "Carlos",
    "Javiera",
    "Diego",
    "Constanza",
    "Sebastián",
    "Fernanda",
    "Matías",
    "Catalina",
    "Cristián",
    "Daniela",
    "Patricio",
    "Alejandra",
    "Nicolás",
    "Paz",
    "Rodrigo",
    "Bárbara",
    "Gonzalo",
    "Ignacia",
    "Mauricio",
    "Camila",
    "Héctor",
    "Rocío",
]
LAST_NAMES = [
    "González",
    "Muñoz",
    "Rojas",
    "Díaz",
    "Pérez",
    "Soto",
    "Contreras",
    "Silva",
    "Martínez",
    "Sepúlveda",
    "Morales",
    "Rodríguez",
    "López",
    "Fuentes",
    "Hernández",
    "Torres",
    "Araya",
    "Flores",
    "Espinoza",
    "Valenzuela",
    "Castillo",
    "Tapia",
    "Reyes",
    "Gutiérrez",
    "Castro",
    "Pizarro",
    "Álvarez",
    "Vásquez",
    "Sánchez",
    "Fernández",
]
POSITIONS = [
    "Gerente general",
    "Jefa de recursos humanos",
    "Jefe de operaciones",
    "Encargado de prevención de riesgos",
    "Administradora",
    "Jefe de bodega",
    "Analista de personas",
    "Supervisor de planta",
]
# Concón three times in seven: most people the OMIL serves live in the comuna.
COMUNAS = ["05103", "05103", "05103", "05109", "05107", "05101", "05105"]
SKILLS = [
    "grúa horquilla",
    "soldadura",
    "bodega y despacho",
    "licencia clase A4",
    "manipulación de alimentos",
    "guardia OS-10",
    "electricidad",
    "computación básica",
    "atención de público",
    "operación de maquinaria",
    "aseo industrial",
    "cocina",
]
VACANCY_TITLES = [
    ("Operario de bodega", "Turno rotativo 4x4", 520000, 600000),
    ("Operador de grúa horquilla", "Lunes a viernes, 8:00 a 17:30", 650000, 750000),
    ("Soldador calificado", "Lunes a viernes", 850000, 1000000),
    ("Guardia de seguridad", "Turno 7x7 noche", 560000, 620000),
    ("Conductor clase A4", "Turno 5x2", 900000, 1100000),
    ("Manipuladora de alimentos", "Turno mañana", 500000, 560000),
    ("Auxiliar de aseo industrial", "Lunes a sábado", 480000, 520000),
    ("Administrativo de despacho", "Lunes a viernes", 600000, 700000),
    ("Electricista de mantención", "Turno 4x3", 950000, 1150000),
    ("Ayudante de producción", "Turno rotativo", 510000, 560000),
]
REQUEST_SUBJECTS = {
    "Poda de árboles": (
        "Árboles con ramas sobre el tendido eléctrico",
        "Las ramas de los árboles frente al acceso tocan los cables.",
    ),
    "Mantención de áreas verdes": (
        "Maleza alta en el bandejón",
        "El bandejón central tiene maleza seca; riesgo de incendio.",
    ),
    "Reparación de luminarias": (
        "Luminarias apagadas en la calle principal",
        "Tres postes sin luz; los turnos de noche salen a oscuras.",
    ),
    "Pintura de pasos peatonales": (
        "Paso peatonal borrado frente a la garita",
        "La cebra ya no se ve y cruzan trabajadores a diario.",
    ),
    "Reductores de velocidad": (
        "Solicitud de lomo de toro",
        "Los camiones pasan a alta velocidad frente al acceso.",
    ),
    "Rondas de patrullaje": (
        "Robos de cables en el sector norte",
        "Piden rondas de seguridad municipal en la noche.",
    ),
    "Retiro de basura": (
        "Microbasural en el sitio eriazo",
        "Se acumulan escombros y basura junto al cerco.",
    ),
    "Otras obras": ("Bache profundo en la calzada", "Un bache en la entrada daña los camiones."),
}

# The morning's mail waiting in the inbox. "sender" says who writes: a company of COMPANIES
# (by position, through its first contact), the park's representative, the company of a
# request open with a department answering its acknowledgement, a department answering about
# a request it has open, or an outside address. Subjects and bodies may name {reference},
# {subject}, {company}, {category}, {name} and {position}; "minutes" is how long before 10:50
# (or before the seeding, when earlier) it was sent.
INBOX_MAIL = [
    {
        "key": "poda-acceso",
        "sender": ("company", 2),
        "minutes": 215,
        "subject": "Ramas sobre el cerco eléctrico en calle Los Aromos",
        "body": (
            "Estimada OMIL:\n\n"
            "Junto al portón de camiones de nuestra bodega hay tres árboles cuyas ramas ya "
            "tocan el cerco eléctrico y el tendido. Con el viento de la tarde golpean los "
            "cables y anoche se cortó la luz del sector de carga por unos minutos.\n\n"
            "¿Podrían pedir la poda a Aseo y Ornato? Podemos abrir el portón a la cuadrilla "
            "cualquier día desde las 8:00.\n\n"
            "Saludos cordiales,\n{name}\n{position}\n{company}"
        ),
    },
    {
        "key": "luminaria-porton",
        "sender": ("company", 8),
        "minutes": 190,
        "subject": "Luminaria apagada frente al portón 2",
        "body": (
            "Buenos días:\n\n"
            "Desde el fin de semana está apagado el poste de luz frente a nuestro portón 2. "
            "El turno de noche sale a las 23:00 y los trabajadores caminan a oscuras hasta el "
            "paradero. Les agradeceríamos gestionar la reparación de la luminaria lo antes "
            "posible.\n\n"
            "Quedo atenta,\n{name}\n{position}\n{company}"
        ),
    },
    {
        "key": "paso-cebra",
        "sender": ("company", 13),
        "minutes": 160,
        "subject": "Paso de cebra borrado en la entrada del parque",
        "body": (
            "Hola, buen día.\n\n"
            "El paso peatonal de la entrada principal del parque ya casi no se ve: la pintura "
            "de la cebra se borró con el invierno y los camiones no frenan. Por ahí cruzan "
            "cada mañana más de cien trabajadores que bajan de la micro.\n\n"
            "Pedimos que se vuelva a pintar la demarcación.\n\n"
            "Atentamente,\n{name}\n{position}\n{company}"
        ),
    },
    {
        "key": "reply-request",
        "sender": ("request_reply", "Dirección de Obras Municipales"),
        "minutes": 140,
        "subject": "RE: [{reference}] Recibimos su solicitud: {subject}",
        "body": (
            "Estimados:\n\n"
            "Les escribo por nuestra solicitud {reference}. Hasta hoy nadie ha venido a "
            "revisar y el problema sigue igual. ¿Saben si el departamento ya tiene fecha?\n\n"
            "Gracias de antemano,\n{name}\n{company}"
        ),
    },
    {
        "key": "fuera-de-oficina",
        "sender": ("company", 20),
        "minutes": 125,
        "subject": "Respuesta automática: Reunión mensual del parque",
        "headers": {"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"},
        "body": (
            "Gracias por su correo. Estoy fuera de la oficina, con vacaciones, hasta el "
            "lunes. Para temas urgentes de personal escriba a recepción de {company}.\n\n"
            "{name}"
        ),
    },
    {
        "key": "lomo-de-toro",
        "sender": ("company", 25),
        "minutes": 95,
        "subject": "Solicitud de lomo de toro frente a nuestra planta",
        "body": (
            "Estimada OMIL:\n\n"
            "Los camiones que salen hacia la ruta pasan muy rápido frente a la planta, justo "
            "donde se estacionan los buses de acercamiento del personal. La semana pasada casi "
            "atropellan a una trabajadora.\n\n"
            "Solicitamos evaluar un lomo de toro o algún reductor de velocidad en ese tramo.\n\n"
            "Saludos,\n{name}\n{position}\n{company}"
        ),
    },
    {
        "key": "department-answer",
        "sender": ("department", "Aseo y Ornato"),
        "minutes": 70,
        "subject": "RE: [{reference}] {category} — {company}: {subject}",
        "body": (
            "Estimada OMIL:\n\n"
            "Respecto de la solicitud {reference}, informamos que la cuadrilla quedó "
            "programada para el próximo jueves en la mañana. Les pedimos avisar a la empresa "
            "para que alguien abra el acceso.\n\n"
            "Saludos,\n{name}\nAseo y Ornato"
        ),
    },
    {
        "key": "spam-casilla",
        "sender": ("outside", ("Soporte Correo", "soporte@verificacion-casilla.top")),
        "minutes": 55,
        "subject": "Aviso: su casilla alcanzó el límite de almacenamiento",
        "body": (
            "Estimado usuario:\n\n"
            "Su casilla superó el 98 % de su capacidad y dejará de recibir mensajes en 24 "
            "horas. Para evitarlo, valide su cuenta ingresando su contraseña en el siguiente "
            "enlace: http://verificacion-casilla.top/validar\n\n"
            "Equipo de Soporte"
        ),
    },
    {
        "key": "basura-sitio-eriazo",
        "sender": ("company", 12),
        "minutes": 30,
        "subject": "Retiro de basura y escombros junto al cerco",
        "body": (
            "Buenos días:\n\n"
            "En el sitio eriazo que colinda con nuestra planta se está formando un "
            "microbasural: escombros, neumáticos y bolsas de basura. Ya aparecieron ratones y "
            "tememos un incendio. ¿Es posible coordinar el retiro?\n\n"
            "Adjuntaremos fotos si las necesitan.\n\n"
            "Saludos cordiales,\n{name}\n{position}\n{company}"
        ),
    },
    {
        "key": "rondas-sector-norte",
        "sender": ("representative", None),
        "minutes": 10,
        "subject": "Robos de cables en el sector norte: pedimos rondas nocturnas",
        "body": (
            "Estimados:\n\n"
            "Como representante de las empresas del parque les cuento que esta semana hubo dos "
            "robos de cable en el sector norte. Varias empresas pidieron que Seguridad Pública "
            "haga rondas de patrullaje en la noche, sobre todo entre las 0:00 y las 5:00.\n\n"
            "Lo veremos también en la reunión mensual.\n\n"
            "Saludos,\n{name}\nRepresentante de las empresas del parque"
        ),
    },
]
