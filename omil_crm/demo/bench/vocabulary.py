"""Word lists for the benchmark dataset: fictitious but plausible Chilean names and places.

The demo's own catalogues (omil_crm.demo.data) are reused where they exist; these add the
variety a dataset of a hundred offices needs.
"""

from omil_crm.base.comunas import find_comuna

PARKS = [
    ("Parque Industrial Gulmué", "Concón"),
    ("Parque Industrial Los Libertadores", "Colina"),
    ("Parque Industrial Lo Boza", "Pudahuel"),
    ("Parque Industrial Enea", "Pudahuel"),
    ("Parque Industrial Valle Grande", "Lampa"),
    ("Parque Industrial Puerto Montt", "Puerto Montt"),
    ("Parque Industrial Coronel", "Coronel"),
    ("Parque Industrial Escuadrón", "Coronel"),
    ("Parque Industrial La Negra", "Antofagasta"),
    ("Parque Industrial Alto Hospicio", "Alto Hospicio"),
    ("Parque Industrial Curauma", "Valparaíso"),
    ("Parque Industrial Quilicura Norte", "Quilicura"),
    ("Parque Industrial San Bernardo", "San Bernardo"),
    ("Parque Industrial Buin Maipo", "Buin"),
    ("Parque Industrial Rancagua Sur", "Rancagua"),
    ("Parque Industrial Talca Oriente", "Talca"),
    ("Parque Industrial Chillán", "Chillán"),
    ("Parque Industrial Los Ángeles", "Los Ángeles"),
    ("Parque Industrial Temuco", "Temuco"),
    ("Parque Industrial Osorno", "Osorno"),
]

FIRST_NAMES = [
    "María", "José", "Juan", "Francisca", "Luis", "Carolina", "Pedro", "Valentina", "Carlos",
    "Javiera", "Diego", "Constanza", "Sebastián", "Fernanda", "Matías", "Catalina", "Cristián",
    "Daniela", "Patricio", "Alejandra", "Nicolás", "Paz", "Rodrigo", "Bárbara", "Gonzalo",
    "Ignacia", "Mauricio", "Camila", "Héctor", "Rocío", "Felipe", "Antonia", "Tomás", "Isidora",
    "Benjamín", "Martina", "Vicente", "Florencia", "Joaquín", "Macarena", "Andrés", "Pamela",
    "Claudio", "Verónica", "Marcelo", "Ximena", "Jorge", "Lorena", "Ricardo", "Paulina",
]  # fmt: skip

LAST_NAMES = [
    "González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez",
    "Sepúlveda", "Morales", "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya",
    "Flores", "Espinoza", "Valenzuela", "Castillo", "Tapia", "Reyes", "Gutiérrez", "Castro",
    "Pizarro", "Álvarez", "Vásquez", "Sánchez", "Fernández", "Ramírez", "Carrasco", "Gómez",
    "Cortés", "Herrera", "Núñez", "Jara", "Vergara", "Rivera", "Figueroa", "Riquelme", "García",
    "Miranda", "Bravo", "Vera", "Molina", "Vega", "Campos", "Sandoval", "Orellana",
]  # fmt: skip

COMUNAS = [
    "Concón", "Viña del Mar", "Quintero", "Valparaíso", "Puchuncaví", "Colina", "Lampa",
    "Pudahuel", "Quilicura", "Renca", "Maipú", "San Bernardo", "Buin", "Rancagua", "Talca",
    "Chillán", "Coronel", "Lota", "Talcahuano", "Los Ángeles", "Temuco", "Padre Las Casas",
    "Osorno", "Puerto Montt", "Puerto Varas", "Antofagasta", "Alto Hospicio", "Iquique",
]  # fmt: skip
COMUNA_CODES = [find_comuna(name) for name in COMUNAS]

STREETS = [
    "Los Aromos", "Las Acacias", "Camino Real", "Avenida Industrial", "Los Carrera",
    "O'Higgins", "Manuel Rodríguez", "Los Pinos", "El Roble", "Las Industrias", "Los Quillayes",
    "Avenida Las Torres", "Camino a Melipilla", "Ruta 5 Norte", "Los Espinos", "El Bosque",
]  # fmt: skip

COMPANY_CORES = [
    "Transportes", "Logística", "Bodegas", "Almacenes", "Metalúrgica", "Maestranza",
    "Estructuras Metálicas", "Alimentos", "Congelados", "Panificadora", "Químicos", "Lubricantes",
    "Pinturas", "Áridos", "Materiales", "Prefabricados", "Distribuidora", "Servicios Eléctricos",
    "Frigoríficos", "Cargas", "Embalajes", "Mantención Industrial", "Plásticos", "Envases",
    "Aceros", "Cecinas", "Conservera", "Grúas y Montajes", "Asfaltos", "Cerámicas", "Insumos",
    "Reciclajes", "Tornería", "Solventes", "Harinas", "Vidrios", "Energía Solar", "Textiles",
]  # fmt: skip

COMPANY_PLACES = [
    "del Pacífico", "Costa Central", "del Valle", "Aconcagua", "Los Andes", "del Sur",
    "del Norte", "Austral", "Cordillera", "del Maule", "Bío Bío", "La Frontera", "Litoral",
    "Central", "San José", "El Faro", "Santa Rosa", "Las Palmas", "Los Robles", "Andina",
]  # fmt: skip

# Legal forms, with the sector each core most likely belongs to chosen at random instead.
LEGAL_FORMS = ["SpA", "SpA", "Ltda.", "S.A.", "E.I.R.L."]

VISIT_SUMMARIES = [
    "Revisión de la dotación y de las vacantes del próximo trimestre.",
    "La empresa consulta por el Subsidio al Empleo Joven.",
    "Se presentó la OMIL al nuevo jefe de recursos humanos.",
    "Seguimiento de la solicitud de luminarias en el acceso.",
    "Conversación sobre el taller de apresto para operarios.",
    "La empresa aumentará su turno de noche; pide guardias.",
    "Se revisaron los candidatos derivados el mes pasado.",
    "Problemas de locomoción para el turno de las 6:00.",
    "Interés en capacitación en grúa horquilla vía SENCE.",
    "Sin novedades; se agenda una nueva visita en un mes.",
]

NEEDS = [
    "Operarios de bodega para la temporada alta.",
    "Reparación de luminarias en la calle de acceso.",
    "Poda de árboles sobre el cerco perimetral.",
    "Rondas de seguridad en el turno de noche.",
    "Capacitación de conductores con licencia A4.",
    "",
    "",
    "",
]

NEXT_STEPS = [
    "Enviar candidatos preseleccionados.",
    "Llamar en dos semanas para confirmar la vacante.",
    "Derivar la solicitud a Obras y avisar a la empresa.",
    "Invitar a la próxima reunión del parque.",
    "Enviar la información del programa SENCE.",
    "",
]

FOLLOW_UP_TITLES = [
    "Llamar para confirmar vacantes",
    "Enviar información de programas SENCE",
    "Confirmar asistencia a la reunión del parque",
    "Retomar contacto",
    "Visitar empresa nueva",
    "Enviar candidatos para entrevista",
    "Consultar por el estado de la solicitud",
    "Coordinar taller en la empresa",
]

PLACES = [
    "frente al acceso principal",
    "en la calle de servicio",
    "junto a la garita de seguridad",
    "en el paradero de la ruta",
    "en el bandejón central",
    "detrás de las bodegas",
]

WORKSHOP_TOPICS = [
    "Preparación para entrevistas de trabajo",
    "Cómo hacer un buen currículum",
    "Derechos laborales y contrato de trabajo",
    "Seguridad en faenas industriales",
    "Uso de la Bolsa Nacional de Empleo",
    "Habilidades para el trabajo en equipo",
]

EDUCATION_WEIGHTS = [
    ("none", 1),
    ("primary", 8),
    ("secondary", 35),
    ("technical_secondary", 25),
    ("technical", 18),
    ("university", 11),
    ("postgraduate", 2),
]

EMAIL_DOMAINS = ["gmail.com", "hotmail.com", "yahoo.es", "outlook.cl", "live.cl"]
