"""Chile's 346 comunas with their official codes (Código Único Territorial, SUBDERE) and regions.

A comuna is stored by its five-digit code: names change (Til Til became Tiltil, Aisén became
Aysén) and people spell them many ways, but the code stays. `find_comuna` turns what people
typed ("concon", "VIÑA DEL MAR", "Llay Llay") into a code, for the migration of old free text,
imports and searches.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache

REGIONS = {
    "15": "Arica y Parinacota",
    "01": "Tarapacá",
    "02": "Antofagasta",
    "03": "Atacama",
    "04": "Coquimbo",
    "05": "Valparaíso",
    "13": "Metropolitana de Santiago",
    "06": "Libertador General Bernardo O'Higgins",
    "07": "Maule",
    "16": "Ñuble",
    "08": "Biobío",
    "09": "La Araucanía",
    "14": "Los Ríos",
    "10": "Los Lagos",
    "11": "Aysén del General Carlos Ibáñez del Campo",
    "12": "Magallanes y de la Antártica Chilena",
}

# Code and name, grouped by region from north to south (the order of REGIONS).
_TABLE = """
15101 Arica|15102 Camarones|15201 Putre|15202 General Lagos
01101 Iquique|01107 Alto Hospicio|01401 Pozo Almonte|01402 Camiña|01403 Colchane|01404 Huara
01405 Pica
02101 Antofagasta|02102 Mejillones|02103 Sierra Gorda|02104 Taltal|02201 Calama|02202 Ollagüe
02203 San Pedro de Atacama|02301 Tocopilla|02302 María Elena
03101 Copiapó|03102 Caldera|03103 Tierra Amarilla|03201 Chañaral|03202 Diego de Almagro
03301 Vallenar|03302 Alto del Carmen|03303 Freirina|03304 Huasco
04101 La Serena|04102 Coquimbo|04103 Andacollo|04104 La Higuera|04105 Paiguano|04106 Vicuña
04201 Illapel|04202 Canela|04203 Los Vilos|04204 Salamanca|04301 Ovalle|04302 Combarbalá
04303 Monte Patria|04304 Punitaqui|04305 Río Hurtado
05101 Valparaíso|05102 Casablanca|05103 Concón|05104 Juan Fernández|05105 Puchuncaví
05107 Quintero|05109 Viña del Mar|05201 Isla de Pascua|05301 Los Andes|05302 Calle Larga
05303 Rinconada|05304 San Esteban|05401 La Ligua|05402 Cabildo|05403 Papudo|05404 Petorca
05405 Zapallar|05501 Quillota|05502 La Calera|05503 Hijuelas|05504 La Cruz|05506 Nogales
05601 San Antonio|05602 Algarrobo|05603 Cartagena|05604 El Quisco|05605 El Tabo
05606 Santo Domingo|05701 San Felipe|05702 Catemu|05703 Llaillay|05704 Panquehue
05705 Putaendo|05706 Santa María|05801 Quilpué|05802 Limache|05803 Olmué|05804 Villa Alemana
13101 Santiago|13102 Cerrillos|13103 Cerro Navia|13104 Conchalí|13105 El Bosque
13106 Estación Central|13107 Huechuraba|13108 Independencia|13109 La Cisterna|13110 La Florida
13111 La Granja|13112 La Pintana|13113 La Reina|13114 Las Condes|13115 Lo Barnechea
13116 Lo Espejo|13117 Lo Prado|13118 Macul|13119 Maipú|13120 Ñuñoa|13121 Pedro Aguirre Cerda
13122 Peñalolén|13123 Providencia|13124 Pudahuel|13125 Quilicura|13126 Quinta Normal
13127 Recoleta|13128 Renca|13129 San Joaquín|13130 San Miguel|13131 San Ramón|13132 Vitacura
13201 Puente Alto|13202 Pirque|13203 San José de Maipo|13301 Colina|13302 Lampa|13303 Tiltil
13401 San Bernardo|13402 Buin|13403 Calera de Tango|13404 Paine|13501 Melipilla|13502 Alhué
13503 Curacaví|13504 María Pinto|13505 San Pedro|13601 Talagante|13602 El Monte
13603 Isla de Maipo|13604 Padre Hurtado|13605 Peñaflor
06101 Rancagua|06102 Codegua|06103 Coinco|06104 Coltauco|06105 Doñihue|06106 Graneros
06107 Las Cabras|06108 Machalí|06109 Malloa|06110 Mostazal|06111 Olivar|06112 Peumo
06113 Pichidegua|06114 Quinta de Tilcoco|06115 Rengo|06116 Requínoa|06117 San Vicente
06201 Pichilemu|06202 La Estrella|06203 Litueche|06204 Marchihue|06205 Navidad|06206 Paredones
06301 San Fernando|06302 Chépica|06303 Chimbarongo|06304 Lolol|06305 Nancagua|06306 Palmilla
06307 Peralillo|06308 Placilla|06309 Pumanque|06310 Santa Cruz
07101 Talca|07102 Constitución|07103 Curepto|07104 Empedrado|07105 Maule|07106 Pelarco
07107 Pencahue|07108 Río Claro|07109 San Clemente|07110 San Rafael|07201 Cauquenes
07202 Chanco|07203 Pelluhue|07301 Curicó|07302 Hualañé|07303 Licantén|07304 Molina
07305 Rauco|07306 Romeral|07307 Sagrada Familia|07308 Teno|07309 Vichuquén|07401 Linares
07402 Colbún|07403 Longaví|07404 Parral|07405 Retiro|07406 San Javier|07407 Villa Alegre
07408 Yerbas Buenas
16101 Chillán|16102 Bulnes|16103 Chillán Viejo|16104 El Carmen|16105 Pemuco|16106 Pinto
16107 Quillón|16108 San Ignacio|16109 Yungay|16201 Quirihue|16202 Cobquecura|16203 Coelemu
16204 Ninhue|16205 Portezuelo|16206 Ránquil|16207 Treguaco|16301 San Carlos|16302 Coihueco
16303 Ñiquén|16304 San Fabián|16305 San Nicolás
08101 Concepción|08102 Coronel|08103 Chiguayante|08104 Florida|08105 Hualqui|08106 Lota
08107 Penco|08108 San Pedro de la Paz|08109 Santa Juana|08110 Talcahuano|08111 Tomé
08112 Hualpén|08201 Lebu|08202 Arauco|08203 Cañete|08204 Contulmo|08205 Curanilahue
08206 Los Álamos|08207 Tirúa|08301 Los Ángeles|08302 Antuco|08303 Cabrero|08304 Laja
08305 Mulchén|08306 Nacimiento|08307 Negrete|08308 Quilaco|08309 Quilleco|08310 San Rosendo
08311 Santa Bárbara|08312 Tucapel|08313 Yumbel|08314 Alto Biobío
09101 Temuco|09102 Carahue|09103 Cunco|09104 Curarrehue|09105 Freire|09106 Galvarino
09107 Gorbea|09108 Lautaro|09109 Loncoche|09110 Melipeuco|09111 Nueva Imperial
09112 Padre Las Casas|09113 Perquenco|09114 Pitrufquén|09115 Pucón|09116 Saavedra
09117 Teodoro Schmidt|09118 Toltén|09119 Vilcún|09120 Villarrica|09121 Cholchol|09201 Angol
09202 Collipulli|09203 Curacautín|09204 Ercilla|09205 Lonquimay|09206 Los Sauces|09207 Lumaco
09208 Purén|09209 Renaico|09210 Traiguén|09211 Victoria
14101 Valdivia|14102 Corral|14103 Lanco|14104 Los Lagos|14105 Máfil|14106 Mariquina
14107 Paillaco|14108 Panguipulli|14201 La Unión|14202 Futrono|14203 Lago Ranco|14204 Río Bueno
10101 Puerto Montt|10102 Calbuco|10103 Cochamó|10104 Fresia|10105 Frutillar|10106 Los Muermos
10107 Llanquihue|10108 Maullín|10109 Puerto Varas|10201 Castro|10202 Ancud|10203 Chonchi
10204 Curaco de Vélez|10205 Dalcahue|10206 Puqueldón|10207 Queilén|10208 Quellón
10209 Quemchi|10210 Quinchao|10301 Osorno|10302 Puerto Octay|10303 Purranque|10304 Puyehue
10305 Río Negro|10306 San Juan de la Costa|10307 San Pablo|10401 Chaitén|10402 Futaleufú
10403 Hualaihué|10404 Palena
11101 Coyhaique|11102 Lago Verde|11201 Aysén|11202 Cisnes|11203 Guaitecas|11301 Cochrane
11302 O'Higgins|11303 Tortel|11401 Chile Chico|11402 Río Ibáñez
12101 Punta Arenas|12102 Laguna Blanca|12103 Río Verde|12104 San Gregorio|12201 Cabo de Hornos
12202 Antártica|12301 Porvenir|12302 Primavera|12303 Timaukel|12401 Natales
12402 Torres del Paine
"""

# Other spellings people and older lists use, by code.
_ALIASES = {
    "05502": ["Calera"],
    "05703": ["Llay Llay", "Llay-Llay"],
    "13303": ["Til Til"],
    "06110": ["San Francisco de Mostazal"],
    "06204": ["Marchigüe"],
    "04105": ["Paihuano"],
    "09121": ["Chol Chol"],
    "11201": ["Aisén", "Puerto Aysén"],
    "11303": ["Caleta Tortel"],
    "12201": ["Puerto Williams"],
    "12401": ["Puerto Natales"],
    "12202": ["Antártica Chilena"],
    "16207": ["Trehuaco"],
    "14106": ["San José de la Mariquina"],
    "13101": ["Santiago Centro"],
    "08314": ["Alto Bío Bío"],
    "05201": ["Rapa Nui"],
    "16101": ["Chillan"],
}


@dataclass(frozen=True)
class Comuna:
    code: str
    name: str

    @property
    def region_code(self) -> str:
        return self.code[:2]

    @property
    def region(self) -> str:
        return REGIONS[self.region_code]

    def __str__(self) -> str:
        return self.name


def _parse() -> dict[str, Comuna]:
    entries = {}
    for line in _TABLE.strip().splitlines():
        for item in line.split("|"):
            code, name = item.strip().split(" ", 1)
            entries[code] = Comuna(code, name)
    return entries


COMUNAS: dict[str, Comuna] = _parse()


def comuna_name(code: str) -> str:
    """The comuna's name, or '' for an empty or unknown code."""
    comuna = COMUNAS.get(code or "")
    return comuna.name if comuna else ""


def comuna_display(code: str) -> str:
    """What a model's `get_comuna_display()` shows: the name, or the code itself when it is
    no comuna (as Django does for a value outside the choices). A dictionary lookup: Django's
    own method flattens and hashes all 346 choices on every call, once per row of a list."""
    comuna = COMUNAS.get(code or "")
    return comuna.name if comuna else code


def comuna_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices grouped by region (north to south), comunas by name within each: a model field's
    `choices` callable, so migrations keep a reference and not 346 rows."""
    return list(_grouped_choices())


@cache
def _grouped_choices() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Built once: Django calls a field's choices callable on every `get_comuna_display()`,
    and sorting 346 names by their folded spelling per row cost a list of people more than
    its SQL."""
    groups = []
    for region_code, region in REGIONS.items():
        members = [c for c in COMUNAS.values() if c.region_code == region_code]
        members.sort(key=lambda c: _folded(c.name))
        groups.append((f"Región de {region}", tuple((c.code, c.name) for c in members)))
    return tuple(groups)


def _folded(text: str) -> str:
    """Lower case, no accents (ñ kept apart from n would split "Nunoa" from "Ñuñoa": folded
    too), punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in plain.casefold())
    return " ".join(cleaned.split())


@cache
def _index() -> dict[str, str]:
    index = {_folded(c.name): c.code for c in COMUNAS.values()}
    for code, names in _ALIASES.items():
        for name in names:
            index.setdefault(_folded(name), code)
    return index


def find_comuna(text: str) -> str | None:
    """The code of the comuna `text` names (any case, with or without accents, an official
    code too), or None when it names none."""
    value = (text or "").strip()
    if value in COMUNAS:
        return value
    if value.isdigit() and len(value) == 4 and "0" + value in COMUNAS:
        return "0" + value  # a code read from a spreadsheet that dropped its leading zero
    return _index().get(_folded(value))
