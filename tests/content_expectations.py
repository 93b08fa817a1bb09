"""Expected content of the built site, checked by tests/test_content.py.

Every phrase is copied from one of the five seed documents in /work/shared/seeds
(see INDEX.md there) and must also appear, word for word, in the built site.

A phrase is either a string (identical in the seed and on the site once whitespace,
no-break spaces and apostrophes are normalised) or a pair (seed form, site form) when the
site's wording differs from the seed for a legitimate, typographic reason; every pair says
why in a comment.
"""
from __future__ import annotations

# Seed keys → file names under the seeds directory.
SEEDS = {
    "has": "000_34c13418582d5335.txt",  # HAS 2014, note méthodologique « Coordination des parcours »
    "somme": "001_316241587070d391.txt",  # Pr D. Somme, diaporama « Gestionnaire de cas »
    "article": "002_688823176cd0eb73.txt",  # « Du case manager à l'itinéraire patient manager »
    "proxicare": "003_13ab93e57c0b6558.txt",  # Proxicare, 22 octobre 2021
    "v1sages": "004_36f7dcd3bd286066.txt",  # Hudon, Chouinard et al., V1SAGES, octobre 2023
}

SEED_LABELS = {"has": "HAS", "somme": "Somme", "article": "Article", "proxicare": "Proxicare", "v1sages": "V1SAGES"}

# ---------------------------------------------------------------------------------------------
# 2. Coverage: (item, page URL, seed, phrases). Every item listed under « Content » has a row.
# ---------------------------------------------------------------------------------------------

# The example programmes of HAS 2014 (and of the other seeds), one record page each under
# /programmes/<id>/, with their evaluation figures where the seed gives one.
PROGRAMMES = [
    ("spheres", "has", [
        "a pour objectif de favoriser la prise en charge en ville de pathologies aiguës habituellement orientées vers les urgences hospitalières",
        "une réduction des coûts de l'ordre de 879 euros par patient et du taux d'hospitalisation de 34 à 49 %",
    ]),
    ("asalee", "has", [
        "des infirmières salariées sont en charge de mise à jour du dossier informatique des patients diabétiques et cardio-vasculaires",
        "à l'exception de celui correspondant au suivi ophtalmologique",
        "améliorait l'équilibre glycémique chez le patient diabétique",
    ]),
    ("pays-de-sante", "has", [
        "L'expérimentation Pays de Santé portée par la MSA et GROUPAMA en Dordogne et dans les Ardennes",
        "de l'organisation des cabinets et de l'orientation des patients nécessitant une prise en charge sociale",
    ]),
    ("accompagnateurs-profanes", "has", [
        "Les accompagnateurs reçoivent une formation de 2 semaines sur la maladie, le parcours de soins et les techniques comportementales",
        "chez 2 135 patients atteints de diabète, d'HTA ou d'insuffisance cardiaque",
        "(82,6 % vs 79,1 %), et ont réduit le nombre d'objectifs non atteints de 12,6 % vs 30,1 %",
    ]),
    ("sophia", "has", [
        "lancé par la CNAMTS en 2008",
        "Le programme SOPHIA concernait 475 889 adhérents pour 1,9 millions d'éligibles fin 2012",
        "une amélioration du suivi médical, une amélioration de certains indicateurs cliniques et une moindre progression des dépenses hospitalières",
    ]),
    ("reseaux-respiratoires", "has", [
        "favorisent l'accès à la réhabilitation respiratoire pour les patients atteints de BPCO",
    ]),
    ("drjscs-activite-physique", "has", [
        "des programmes d'éducation et d'accès à l'activité physique adaptée en lien avec les associations sport-santé",
    ]),
    ("evaluation-multidimensionnelle-reseaux", "has", [
        "les réseaux de santé gérontologiques et neurologiques réalisent des évaluations multidimensionnelles au domicile du patient",
    ]),
    ("evaluation-domicile-pays-de-la-loire", "has", [
        "(ergothérapeute, psychologue, diététicienne) est proposé par l'ARS sur demande du médecin traitant",
    ]),
    ("impact", "has", [
        "Interprofessional Model of Practice for Aging and Complex Treatment",
        "Le modèle est faisable, bien accueilli par les professionnels et les patients, et facilement transposable",
    ]),
    ("empaa", "has", [
        "les EMPAA suisses sont utiles dans 90 % des situations",
        "dans 70 % des situations, les médecins traitants ont validé les propositions pharmacologiques et les stratégies thérapeutiques",
    ]),
    ("programmes-etp", "has", [
        "D'autres organisations, telles que les structures d'exercice collectif, les établissements de santé publics et privés, les réseaux de santé et d'autres associations, dispensent des programmes d'ETP.",
    ]),
    ("cliniques-anticoagulants", "has", [
        "développées auprès de six centres hospitaliers proposent une éducation du patient couplée à une assistance à l'adaptation des doses d'AVK",
    ]),
    ("poles-ressource-etp", "has", [
        "ont été développés dans certaines régions pour aider les professionnels dans cette activité (Île-de-France, Franche-Comté, etc.)",
    ]),
    ("better-choices-better-health", "has", [
        "Des ateliers d'éducation thérapeutique ont lieu une fois par semaine durant 2 h 30 et pendant 6 mois dans différents lieux",
        "ont montré des changements dans les comportements des patients et dans les pratiques de consommation de soins",
    ]),
    ("transition-hopital-domicile", "has", [
        "Les interventions durent de 1 à 18 mois",
        "6 des 9 études incluses dans une revue systématique (16) montrent une réduction des hospitalisations non programmées",
    ]),
    ("red", "has", [
        "en 11 étapes de l'admission au retour à domicile",
        "le taux de réhospitalisation à 30 jours des patients suivis était inférieur de 30 % à celui du groupe-contrôle",
        "Le taux de passage aux urgences était également inférieur de 33 %",
    ]),
    ("infirmieres-coordination-inca", "has", [
        "dans 35 établissements de santé entre 2010 et 2011 auprès de 9 200 patients atteints de cancer",
        "Une infirmière a suivi en moyenne 200 à 250 patients par an",
        "PPS a été remis à 74 % des patients et un programme personnalisé de l'après cancer (PPAC) à 44 %",
    ]),
    ("equipes-mobiles-cerebro-lesions", "has", [
        "accompagné pour une période de 2 ans maximum",
        "traumatisme crânien, accident vasculaire cérébral, tumeur cérébrale",
    ]),
    ("prado", "has", [
        "Programme d'accompagnement du retour à domicile",
        "ce dispositif existe pour la sortie de maternité, l'orthopédie et l'insuffisance cardiaque",
    ]),
    ("enfin-chez-soi", "has", [
        "a été conçu au Canada, afin de faciliter le retour au domicile de patients âgés fragiles",
        "Il reste avec le patient jusqu'à l'arrivée d'un proche.",
    ]),
    ("facilitateurs", "has", [
        "est associée à une amélioration modérée mais significative de la qualité des pratiques et des services rendus aux patients",
    ]),
    ("groupes-qualite", "has", [
        "initiative bretonne née en 2001",
        "ont un impact positif, sur la qualité des soins et sur la pertinence des prescriptions et des orientations",
    ]),
    ("recs", "has", [
        "62 cellules d'appui régionales aux technologies de l'information en santé (RECs)",
        "44 % des professionnels de santé primaire, soit 133 922 (pour un objectif initial de 100 000), et 30 000 cabinets",
        "69 % en 2012",
    ]),
    ("maia", "has", [
        "qui ont fait l'objet de la mesure 4 du Plan Alzheimer 2008-2012",
        "Suite à l'expérimentation menée pendant 2 ans sur 17 sites français",
        "les gestionnaires de cas des MAIA ont une file active de 40 situations complexes",
    ]),
    ("coursiers-sanitaires-sociaux", "has", [
        "Les coursiers sanitaires et sociaux, déployés initialement en Seine-Saint-Denis",
    ]),
    ("arespa", "has", [
        "l'équipe du réseau composée de neuf coordinatrices d'appui",
        "met en évidence la pertinence du dispositif pour les différents acteurs",
    ]),
    ("techniciens-insertion", "has", [
        "a été initié par l'Association AFM-Téléthon en 1988",
        "les techniciens d'insertion sont devenus des référents de parcours de santé",
    ]),
    ("evercare", "has", [
        "Plus de deux chutes au cours des deux derniers mois",
        "n'a pas montré de réduction du nombre d'hospitalisations en urgence ni de la durée du séjour",
        "En revanche, un impact positif sur la qualité de vie des patients est rapporté.",
    ]),
    ("v1sages-ciusss-nim", "v1sages", [
        "Le territoire du CIUSSS NIM s'étend sur 88 km²",
        "qui compte 446 800 personnes",
        "dix intervenantes pivots ont été recrutées dans les GMF participants et formées",
    ]),
    ("v1sages-cisss-outaouais", "v1sages", [
        "Le CISSSO dessert une population qui dépasse les 385 000 habitants, dont plus de 72 % vivent à Gatineau",
        "elle n'a pu consacrer qu'un maximum de deux jours par semaine à la gestion de cas",
        "18 infirmières et autres professionnels de la santé ont été formés",
    ]),
    ("modele-ouest-ile-de-montreal", "article", [
        "augmenter la complémentarité des actions et des services",
        "optimiser la communication entre les intervenants",
    ]),
    ("case-manager-hospitalier-belgique", "article", [
        "plusieurs projets ont été menés entre 1993 et 2001",
        "le case manager est un référent hospitalier qui gère et coordonne l'ensemble des soins médicaux, paramédicaux, psychologiques et de bien-être",
    ]),
    ("itineraire-patient-manager", "article", [
        "un nouveau métier, actuellement exclusivement hospitalier, au cœur de l'activité médico-soignante mettant le patient et son expérience au centre",
        "optimiser les durées de séjour et les remboursements",
    ]),
]

PROFILES = [
    # Annex Table 2: one row per profile; one phrase per column (public-cible, lieu d'exercice,
    # qualification/expérience, savoirs/savoir-être/savoir-faire, tâches/responsabilités).
    ("clinical-case-manager", [
        "Case manager « clinique » (clinical nurse case manager)",
        "Patients hospitalisés",
        "Hôpital (urgences, médecine, chirurgie)",
        "Brevets de secourisme avancé (ex : réanimation cardio-respiratoire)",
        "Maîtrise des techniques de gestion et résolution de conflits",
        "Planification des sorties d'hospitalisation en lien avec l'équipe hospitalière, le patient, la famille et le médecin traitant",
    ]),
    ("community-matron", [
        "Matrone communautaire",
        "Patients chroniques et sorties en sortie d'hospitalisation",
        "Maison de santé pluriprofessionnelle, hôpital, cabinet de groupe et autres",
        "Infirmière avec expérience clinique (3 à 5 ans minimum)",
        "Capacité à travailler dans des conditions difficiles et changeantes",
        "Anticipation des besoins futurs des patients, et développement de PPS en collaboration avec les membres de l'équipe",
        "La file active est comprise entre 50 et 80 patients",
    ]),
    ("case-manager-sans-prestation-de-soins", [
        "Case manager sans prestations de soins",
        "Personnes âgées, personnes souffrant de troubles de la santé mentale ou d'addictions",
        "Toutes structures et organisations",
        "Master en psychologie, travail social, éducation spécialisée, services à la personne, sciences infirmières, sociologie, santé publique ou autre spécialité en lien",
        "Expérience d'un an minimum dans le domaine des addictions",
        "Compétences en communication orale, y compris par téléphone, et écrite",
        "Conseil aux patients et aux familles",
        "Participation à des réunions, et intervention lors de formation",
    ]),
    ("gestionnaire-de-cas-maia", [
        "Personnes âgées en situation complexe et en perte d'autonomie",
        "Diplôme national de types ergothérapeute, psychomotricien, IDE, conseiller en économie sociale et familiale ou assistant de service social",
        "DU gestion de cas (ou obtention dans les 3 ans)",
        "Connaissance du tissu associatif, médical, sanitaire et médico-social du territoire et de son organisation",
        "Analyse de la demande de gestion de situation complexe",
        "Travail en étroite collaboration avec les professionnels intervenant auprès de la personne, et notamment le médecin traitant",
    ]),
]

TRAININGS = [
    # Annex Table 3, all rows: diploma name, university and a piece of the programme.
    ("m2-fonctions-coordination-besancon", [
        "Master 2 Santé publique et environnement spécialité fonctions de coordination dans le système de santé",
        "Besançon",
        "animation de coordinations territoriales de proximité, facilitation des parcours de santé",
    ]),
    ("m2-expertise-gerontologie-paris6", [
        "Master 2 Santé Expertise en gérontologie",
        "Paris VI",
        "Généralités en gérontologie, santé et pathologies de la personne âgée, évaluation gérontologique",
    ]),
    ("m2-recherche-organisation-sante-paris6", [
        "Master 2 Santé Recherche et organisation en santé",
        "Fondamentaux de l'Evidence Based Medicine, Parcours de soins : évolution des concepts",
    ]),
    ("m2-mediation-medico-sociale-grenoble", [
        "Master 2 Vieillesse, société, technologie – Spécialité Médiation médico-sociale : bien vieillir, dépendance et cas complexes",
        "Grenoble",
        "Pathologies du vieillissement, santé publique et santé communautaire",
    ]),
    ("m2-sciences-cliniques-infirmieres-ehesp", [
        "Master 2 Sciences cliniques infirmières",
        "EHESP/Paris/Rennes",
        "Infirmières de pratiques avancées en gérontologie ou cancérologie, infirmières coordinatrices de parcours complexes de soins",
    ]),
    ("du-coordination-des-parcours", [
        "DU coordination des parcours",
        "Paris V",
        "le territoire de santé comme unité d'intégration et",
    ]),
    ("diu-coordination-parcours-soins-montsouris", [
        "DIU Coordination de parcours de soins",
        "École Montsouris (Paris)",
        "Environnement de la santé, coordination « parcours de soins », pratiques de soins et accompagnement",
    ]),
    ("diu-coordination-had-reseaux", [
        "DIU Coordination, Hospitalisation à Domicile et Réseaux de Santé",
        "Université de Versailles Saint-Quentin-en-Yvelines (UVSQ)/Paris VII/Grenoble",
        "Coordinateurs de réseaux, coordinateurs en HAD, etc.",
    ]),
    ("dugecor", [
        "Diplôme Universitaire de Gérontologie et Coordination de Réseaux (DUGECOR)",
        "Dijon",
        "Vieillesse normale et pathologique, réseaux et domicile",
    ]),
    ("diu-gestionnaire-de-cas", [
        "DIU gestionnaire de cas ou coordinateur de santé en gériatrie",
        "Connaissances relatives à la maladie d'Alzheimer et aux pathologies apparentées",
    ]),
    ("diu-construction-coordination-parcours", [
        "DIU Construction et coordination des parcours de santé",
        "Universités de Lyon, Grenoble et Saint-Etienne",
        "Coordination des acteurs de santé, enjeu de santé publique",
    ]),
]

EVIDENCE = [
    # § 3, systematic reviews, meta-analyses and reports, one record page each.
    ("baskerville-2011", ["23 articles dont 19 RCT de bonne qualité", "ont 2,76 fois plus de chance d'adopter les recommandations basées sur les preuves"]),
    ("de-vet-2013", ["Le CM stabilise l'habitat, réduit la consommation de drogues et réduit les barrières à l'emploi"]),
    ("eklund-2009", ["Cinq des sept études portant sur les patients rapportent au moins un résultat positif"]),
    ("hickam-2013", ["109 études", "Globalement, le CM a peu d'impact sur les résultats et la qualité des soins, et l'utilisation des ressources"]),
    ("huntley-2013", ["4 318 personnes âgées de 65 ans ou plus", "Le case management ne réduit pas les hospitalisations non programmées chez les personnes âgées"]),
    ("low-2011", ["14 études dont 8 RCT", "2 873 patients dans les RCT", "réduit les admissions en EHPAD"]),
    ("manderson-2012", ["3 532 patients", "Les interventions durent de 1 à 18 mois"]),
    ("piraino-2012", ["17 RCT", "2 095 patients"]),
    ("purdy-2010", ["11 RCT sur les personnes âgées, 6 sur les insuffisants cardiaques, 4 sur les BPCO et 7 sur des sujets variés"]),
    ("you-2012", ["10 RCT, 5 études d'observation", "Une seule étude de grande qualité a été sélectionnée parmi les 15 sélectionnées"]),
    # « Résumé de quelques études contrôlées ».
    ("adair-2013", ["L'étude porte sur 2 135 patients, âgés de 18 à 79 ans"]),
    ("bell-2010", ["L'entretien d'évaluation initial d'une durée moyenne de 2 heures"]),
    ("parsons-2012", ["chez 351 personnes âgées de 65 ans et plus (243 femmes et 108 hommes)", "réduit la mortalité et le placement en institution spécialisée"]),
    ("peikes-2009", ["Les données de 18 309 patients ont été exploitées"]),
]

V1SAGES_RECOMMENDATIONS_ESTABLISHMENT = [  # sample of 5, verbatim
    "Engager la direction générale pour en faire une priorité organisationnelle claire et développer une vision commune dans l'organisation, à l'aide d'un plan d'implantation approuvé par le comité de direction",
    "Privilégier l'embauche des gestionnaires de cas basée sur la compétence plutôt que l'ancienneté",
    "Prévoir une charge de cas d'environ 30 patients par gestionnaire de cas pour une durée d'un an",
    "Nommer un gestionnaire de cas « chef des gestionnaires de cas » responsable de la coordination et du soutien clinique des gestionnaires de cas",
    "Éviter le terme « grand utilisateur » car trop péjoratif. Alternative : « personne avec besoins complexes »",
]
V1SAGES_RECOMMENDATIONS_GMF = [  # sample of 5, verbatim
    "Clarifier les rôles des travailleuses sociales et des infirmières lorsqu'elles travaillent en collaboration pour un même suivi",
    "Déployer les ressources nécessaires pour pallier le roulement de personnel (l'équivalent de 0,5 ETP répartis sur quelques professionnels)",
    "Intégrer le rôle d'intervenante pivot dans le cadre GMF",
    "Planifier un mode de rémunération cohérent",
    "Développer des trajectoires de soins prioritaires pour ces patients ainsi que des corridors de communication directs entre les intervenants pivots",
]

V1SAGES_KEY_MESSAGES = [  # all 11
    "Une gouvernance appropriée légitimée par la direction générale et un soutien à la coordination",
    "Un plan de communication en amont intra et extra organisationnel",
    "Une sélection de gestionnaires de cas compétents",
    "Une pérennisation des processus ne reposant pas uniquement sur les personnes en place",
    "La clarification des rôles via un cadre ministériel",
    "Une optimisation des systèmes informatiques pour améliorer les interfaces et simplifier l'accès et le transfert de données",
    "L'implication des patients-partenaires",
    "Une évaluation continue",
    "L'engagement des professionnels",
    "Du soutien aux professionnels avec des communautés de pratique et l'accès à des experts, particulièrement en santé mentale et dépendance",
    "Des outils adaptables selon les contextes",
]

COVERAGE: list[tuple[str, str, str, list]] = [
    # ----- HAS 2014 -------------------------------------------------------------------------
    ("HAS — définition de la coordination et ses préalables", "/comprendre/coordination-des-soins/", "has", [
        "« l'organisation délibérée des activités de soins à un patient entre plusieurs acteurs du système de santé.",
        "connaissance des ressources disponibles et du rôle de chacun",
        "de permettre au patient de bénéficier de la bonne réponse au bon endroit et au bon moment",
    ]),
    ("HAS — typologie des fonctions d'appui", "/organiser/fonctions-appui/", "has", [
        "aide à la pratique ;", "accompagnement à la démarche qualité ;", "aides à la réalisation de procédures cliniques ;",
        "éducation thérapeutique du patient (ETP) ;", "transition/lien hôpital-ville",
        "L'appui est ponctuel et les professionnels de santé primaire demeurent entièrement responsables du suivi et de la coordination des soins.",
    ]),
    *[(f"{SEED_LABELS[seed]} — programme {pid}", f"/programmes/{pid}/", seed, phrases) for pid, seed, phrases in PROGRAMMES],
    ("HAS — définition de la complexité", "/comprendre/situations-complexes/", "has", [
        "ne peuvent être, ni de routine, ni standards",
        "la présence simultanée d'une multitude de facteurs, médicaux, psychosociaux, culturels, environnementaux et/ou économiques",
        "situations appelant une diversité d'intervenants et auxquelles le médecin traitant ne peut répondre avec ses propres moyens",
    ]),
    ("HAS — trois méthodes d'identification", "/reperer/methodes-identification/", "has", [
        "Il s'agit des techniques dites de sélection par critères, par jugement ou intuition clinique du praticien et par modélisation prédictive",
        "Compte tenu du risque de biais dit de « régression vers la moyenne »",
        "l'utilisation du modèle prédictif seul est beaucoup plus efficiente",
    ]),
    ("HAS — tableau des 5 dimensions de la complexité", "/reperer/dimensions-complexite/", "has", [
        "la santé physique ;", "la santé mentale ;", "les caractéristiques démographiques ;", "le capital social ;",
        "l'expérience en matière de santé et sociale",
        "Schaink", "Safford", "Case Management Society of America (brochure à destination des médecins généralistes)",
        "Purdy 2010", "Programme Castlefields (UK)", "Evercare",
        "Faible risque d'hospitalisation situé entre 5 et 14 ans",
        "Problèmes liés à l'emploi et aux loisirs",
    ]),
    ("HAS — grille de repérage (6 questions)", "/outils/has-assistance-parcours/", "has", [
        "Votre patient a-t-il été hospitalisé en urgence au cours des 6 derniers mois ?",
        "Votre patient a-t-il des problèmes de mobilité ?",
        "Votre patient a-t-il des problèmes socio-économiques ?",
        "Votre patient a-t-il des troubles cognitifs, mentaux ou comportementaux ?",
        "Votre patient est-il isolé ?",
        "Votre patient vous a-t-il rapporté avoir déjà rencontré des difficultés avec le système de santé ?",
        "Si oui, votre patient accepte-t-il une orientation vers un assistant de parcours",
    ]),
    ("HAS — définitions du case management", "/gestion-de-cas/definitions/", "has", [
        "est une démarche collaborative d'évaluation des besoins, de planification, de facilitation, de coordination des soins, d'évaluation et défense des intérêts",
        "La Société britannique de case management (CMSUK) a adopté une définition proche",
        "un communicateur",
    ]),
    ("HAS — les 9 composantes du case management", "/gestion-de-cas/definitions/", "has", [
        "Évaluation globale et holistique des besoins",
        "Aide à la définition d'un plan de soins et d'aides",
        "Information et éducation du patient",
        "Renforcement des compétences du patient",
        "Défense des intérêts du patient : accès aux prestations sociales, accès aux soins",
        "Suivi et coordination de la mise en œuvre du plan de soins et d'aides",
        "Retour d'informations au médecin traitant",
        "Réévaluation et adaptation",
        "Fin de prise en charge ou renouvellement de la prestation",
    ]),
    ("HAS — file active (50 à 80, 40) et ses 8 facteurs", "/gestion-de-cas/file-active/", "has", [
        "cette file active doit être comprise entre 50 et 80 personnes",
        "En France, les gestionnaires de cas des MAIA ont une file active de 40 situations complexes",
        "la pathologie ou les polyopathologies des patients",
        "la proportion des patients à haut risque d'hospitalisation",
        "l'expérience préalable des gestionnaires dans la gestion de situations complexes",
        "le profil sociodémographique des patients",
        "les conditions de vie des patients",
        "la localisation géographique (milieu urbain ou rural)",
        "les caractéristiques individuelles des patients",
        "le temps nécessaire aux activités non-cliniques",
    ]),
    ("HAS — les 4 sorties (Roland)", "/gestion-de-cas/fin-de-prise-en-charge/", "has", [
        "le décès du patient",
        "la sortie volontaire du patient",
        "la décision du gestionnaire ou de l'équipe pluriprofessionnelle, dès lors que les objectifs ont été atteints",
        "l'évolution favorable du risque d'hospitalisation",
    ]),
    ("HAS — paysage français", "/gestion-de-cas/paysage-francais/", "has", [
        "maisons pour l'autonomie et l'intégration des malades d'Alzheimer (MAIA)",
        "des coursiers sanitaires et sociaux",
        "du réseau ARESPA en Franche-Comté",
        "Le métier de technicien d'insertion",
        "des CLIC (Centre Local d'Information et de Coordination)",
        "SAVS (Service d'Accompagnement à la Vie Sociale)",
        "SAMSAH (Service d'Accompagnement Médico-social des Adultes Handicapés)",
        "SSIAD (Service de Soins Infirmiers À Domicile)",
        "SAAD (Service d'Aide et d'Accompagnement à Domicile)",
        "SPASAD (Service Polyvalent d'Aide et de Soins À Domicile)",
    ]),
    *[(f"HAS — profil {pid} (annexe, tableau 2)", f"/profils/{pid}/", "has", phrases) for pid, phrases in PROFILES],
    ("HAS — profils : colonnes du tableau 2", "/profils/", "has", ["Public-cible", "Lieu d'exercice", "Savoirs, savoir-être et savoir-faire"]),
    *[(f"HAS — formation {tid} (annexe, tableau 3)", f"/formations/{tid}/", "has", phrases) for tid, phrases in TRAININGS],
    ("HAS — formations (§ 2.5.10)", "/se-former/formations-en-france/", "has", [
        "seule la formation de gestionnaire de cas, dont le contenu est arrêté réglementairement",
        "depuis 2009, un master 2 en sciences cliniques infirmières",
        "Cette liste ne saurait être exhaustive.",
    ]),
    ("HAS — impact du case management", "/gestion-de-cas/impact/", "has", [
        "le case management isolé n'a pas d'impact sur le recours à l'hospitalisation",
        "un ciblage inadéquat est le principal facteur d'échec cité dans la littérature",
        "Les bénéfices de l'accompagnement face à face sont supérieurs à ceux obtenus grâce à des prestations téléphoniques.",
    ]),
    ("HAS — facteurs de succès selon Ross", "/facteurs-de-succes/has-2014-facteurs-ross/", "has", [
        "l'utilisation de techniques adéquates de repérage",
        "un guichet intégré",
        "L'information centralisée par le case manager doit être transmise en temps réel à l'ensemble de l'équipe.",
    ]),
    ("HAS — les 10 facteurs de réussite", "/facteurs-de-succes/has-2014-facteurs-reussite/", "has", [
        "Adapter les modèles au contexte de soins",
        "Intégrer les services sanitaires, médico-sociaux et sociaux au niveau territorial",
        "Cibler les patients pouvant réellement tirer profit d'un accompagnement par un case manager",
        "Privilégier un accompagnement face à face ou un accompagnement mixte face à face plutôt que par téléphone",
        "Adapter la taille de la file active au degré de complexité des patients",
        "Informer régulièrement les professionnels de santé primaire et notamment le médecin traitant",
        "Impliquer les médecins généralistes dès la conception du projet",
        "Prévoir un système d'information partagé",
        "Intégrer les case manager aux équipes de santé primaire ou les localiser à proximité",
        "Prévoir des volets dédiés à l'éducation du patient, à la continuité du suivi en l'absence du case manager, à la transition hôpital-ville",
    ]),
    ("HAS — tableau des revues systématiques", "/preuves/", "has", [
        "23 articles dont 19 RCT de bonne qualité", "1996-2010", "11 RCT, 6 sur des projets de CM hospitaliers et 5 sur des projets ambulatoires",
    ]),
    *[(f"HAS — preuve {eid}", f"/preuves/{eid}/", "has", phrases) for eid, phrases in EVIDENCE],
    ("HAS — annexe, tableau 1 : les 6 standards", "/standards/", "has", [
        "The National Standards of Practice for Case Management",
        "Standards of Practice for Case Management",
        "Profil des compétences essentielles pour les intervenants en gestion de cas au Canada",
        "Case Management Society UK (CMSUK)",
        "Le travailleur social, la travailleuse sociale gestionnaire de cas",
        "Ordre professionnel des travailleurs sociaux du Québec",
        "fixant les référentiels d'activités et de compétences pour exercer le rôle et les missions du gestionnaire de cas",
        "Identification des patients éligibles",
        "Recherche du consentement du patient",
        "Mise en œuvre de l'éducation pour la santé",
    ]),
    # ----- Somme ----------------------------------------------------------------------------
    ("Somme — Mr José", "/comprendre/histoire-monsieur-jose/", "somme", [
        "Chaque professionnel fait plutôt bien son travail",
        "Pas de médecine de première ligne dans cette situation",
        "Les données médicales et sociales pertinentes sont transmises aux différents intervenants",
    ]),
    ("Somme — 6 axes de l'intégration MAIA", "/comprendre/integration-maia/", "somme", [
        "Concertation des partenaires",
        "Guichet intégré",
        "Outils d'évaluation multidimensionnel standardisé et système de classification",
        "Système d'information",
        "Gestion par cas",
        "Plan de services individualisé",
    ]),
    ("Somme — le métier, les 3 modèles, cœur de métier, compétences", "/gestion-de-cas/metier/", "somme", [
        "Il s'agit d'un nouveau champ professionnel",
        "Méthode : coordination clinique intensive",
        "Temporalité : long cours",
        "assureurs propriétaires d'une partie du système d'aide et de soins",
        "améliorer la santé des populations et l'efficacité du système dans sa globalité",
        "Vérification du bon niveau d'intervention",
        "Réévaluation régulière de l'ensemble des besoins (même si rien ne se produit apparemment)",
        "Approche territoriale et populationnelle",
        "La construction d'une relation positive.",
        "Les notions d'approche centrée sur la personne (PCC).",
    ]),
    ("Somme — intensive case management (< 60, < 40)", "/gestion-de-cas/metier/", "somme", [
        # The site puts a (no-break) space after « < », as French typography wants.
        ("Faible charge en cas (<60 par définition, <40 en pratique)",
         "Faible charge en cas (< 60 par définition, < 40 en pratique)"),
        "Approche qualité, traçabilité, amélioration continue",
    ]),
    ("Somme — critères d'orientation MAIA 2015", "/outils/maia-orientation-2015/", "somme", [
        "Critère d'orientation pas d'inclusion !",
        "Pas de crise",
        "autonomie fonctionnelle",
        "relevant du champ médical",
        "problème d'autonomie décisionnelle",
        "soins insuffisants ou inadaptés",
        "entourage proche en mesure de mettre en place et coordonner dans la durée les réponses aux besoins",
        "La définition de critères de repérage de la population à orienter vers la gestion de cas ne suffit pas.",
    ]),
    ("Somme — sortir de la gestion de cas, principes, pièges, difficultés", "/gestion-de-cas/principes-pieges-difficultes/", "somme", [
        "Situation complexe : haut risque de décompensation à répétition",
        "attention au tuilage",
        "une approche partenariale centrée vers le client et collaborative",
        "Pas un gestionnaire « de maladie d'Alzheimer »",
        "Attention à une dérive de la gestion de cas sans intégration (donc hors modèle PRISMA/MAIA)",
    ]),
    ("Somme — 3 continuités et moments de rupture", "/gestion-de-cas/continuite-et-ruptures/", "somme", [
        "la personne identifie le professionnel qui lui apporte l'aide (médecin traitant). Dimension la plus valorisée",
        "les professionnels ont la même compréhension de la situation et de l'intervention",
        "les informations appropriées aux interventions circulent",
        "L'hospitalisation non programmée",
        "La perte d'un aidant proche",
        "Le changement de médecin traitant",
    ]),
    ("Somme — messages à retenir", "/facteurs-de-succes/somme-messages-cles/", "somme", [
        "La GC nécessite d'être intensive et dans un contexte intégré pour répondre aux besoins des patients atteints de démence",
        "En tant que processus d'intégration, la GC ne peut pas s'envisager maladie par maladie",
        "Les politiciens préfèrent l'approche maladie par maladie que les changements systémiques",
    ]),
    # ----- Article « Du case manager à l'itinéraire patient manager » -----------------------
    ("Article — définitions", "/comprendre/case-management-international/", "article", [
        "Le case management est un processus spécifique permettant de gérer les questions complexes relevant de l'action sociale, de la santé et des assurances.",
        "Le case management est une attention particulière au parcours du patient, à tout ce qui se passe autour de lui lors de son séjour, sans prendre de décision médicale.",
    ]),
    ("Article — 6 objectifs du modèle de Montréal", "/comprendre/case-management-international/", "article", [
        "augmenter la complémentarité des actions et des services",
        "améliorer la congruence de l'intervention",
        "accroître la continuité des soins",
        "accroître les capacités relationnelles et l'autonomie réelle du client",
        "optimiser la communication entre les intervenants",
    ]),
    ("Article — modèle belge", "/comprendre/case-management-international/", "article", [
        "En Belgique, plusieurs projets ont été menés entre 1993 et 2001.",
    ]),
    ("Article — facteurs du King's Fund 2011", "/facteurs-de-succes/kings-fund-2011/", "article", [
        "En 2011 au Royaume-Uni, un groupe de réflexion King's Fund détermine que le bon fonctionnement du case management dépend de plusieurs facteurs",
        "un processus d'évaluation unique et un plan de soins commun",
        "les incitants financiers afin qu'ils soient conformes aux objectifs",
    ]),
    ("Article — Itinéraire Patient Manager (Suisse)", "/comprendre/case-management-international/", "article", [
        "a pour objectifs d'améliorer la qualité des processus de prise en charge des patients",
        "Il soutient les équipes à faire face aux demandes qu'engendre le système de facturation par forfait",
    ]),
    # ----- Proxicare --------------------------------------------------------------------------
    ("Proxicare — situations critiques", "/comprendre/coordination-parcours/", "proxicare", [
        "annonce d'un diagnostic péjoratif",
        "situation de fragilité, l'accélération d'un processus de perte d'autonomie",
    ]),
    ("Proxicare — acteurs", "/comprendre/coordination-parcours/", "proxicare", [
        "patient et son entourage, en tant que sujets et en tant qu'effecteurs",
        "a minima un binôme de professionnels",
    ]),
    ("Proxicare — 3 niveaux de besoin", "/outils/niveaux-coordination/", "proxicare", [
        "un besoin de coordination usuelle du parcours le plus souvent assuré directement par le patient lui-même et son médecin traitant",
        "dans le cadre d'une coordination renforcée entre eux, le patient et son entourage",
        "le besoin de mobiliser des ressources et un appui externe à l'équipe de prise en charge",
    ]),
    ("Proxicare — 4 familles d'outils", "/comprendre/coordination-parcours/", "proxicare", [
        "ROR (Répertoire Opérationnel des Ressources)",
        "DMP (Dossier Médical Partagé) / ENS (Espace Numérique de Santé), MSSanté (Messagerie Sécurisée de Santé)",
        "PPCS (Plan Personnalisé de Coordination en Santé), DC (Dossier de Coordination)",
        "outils numériques de télémédecine facilitant la collaboration interprofessionnelle",
    ]),
    ("Proxicare — contexte des politiques publiques", "/comprendre/coordination-parcours/", "proxicare", [
        "« Ma Santé 2022 » inclut un volet consacré au déploiement de la",
        "avec notamment le déploiement de 1 000 CPTS",
        "la création des Dispositifs d'Appui à la Coordination (DAC) à échéance de juillet 2022",
        "La mise en œuvre du programme e-Parcours au plan national",
        "qui a introduit en son article 51",
    ]),
    # ----- V1SAGES ----------------------------------------------------------------------------
    ("V1SAGES — l'approche", "/mettre-en-oeuvre/v1sages-approche/", "v1sages", [
        "Cette approche vise à intégrer des gestionnaires de cas d'établissement (CIUSSS ou CISSS) et des intervenants pivots en groupe de médecine de famille (GMF)",
        "Au Québec, 5 % des usagers comptent pour 36 % des visites à l'urgence.",
    ]),
    ("V1SAGES — 4 activités", "/mettre-en-oeuvre/v1sages-approche/", "v1sages", [
        "l'évaluation des besoins et du projet de vie de la personne et de sa famille",
        "le co-développement et le suivi d'un plan de services individualisé",
        "la coordination des services entre tous les partenaires",
        "l'éducation et le soutien à l'autogestion de la personne et de sa famille",
    ]),
    ("V1SAGES — boîte à outils", "/mettre-en-oeuvre/v1sages-approche/", "v1sages", [
        "Formation de 4 heures (modules web) dédiée aux gestionnaires de cas et aux intervenants pivots des GMF",
        "l'outil de repérage CONECT-6, un standard de soins, et plusieurs outils cliniques",
        "Quantifier la complexité des cas (PORTRAIT-10)",
    ]),
    ("V1SAGES — CONECT-6 (2 « oui » ou plus)", "/outils/conect-6/", "v1sages", [
        "Si deux « oui » ou plus, le résultat est positif pour la complexité",
    ]),
    ("V1SAGES — 14 étapes d'implantation", "/mettre-en-oeuvre/v1sages-etapes-implantation/", "v1sages", [
        "Analyse des éléments de contexte spécifiques de l'établissement et de la région où l'approche est implantée",
        "Témoignage d'une patiente partenaire",
        "Développement de la méthode de repérage des personnes ciblées par l'approche (au moins 6 visites à l'urgence dans la dernière année)",
        "Suivis de certains indicateurs d'évaluation au cours de l'implantation",
    ]),
    ("V1SAGES — Mme Deneault", "/mettre-en-oeuvre/v1sages-histoire-mme-deneault/", "v1sages", [
        "Mme Deneault (nom fictif) éprouvait divers problèmes de santé",
        "Elle avait visité l'urgence plus de 100 fois dans la dernière année",
        "En l'espace de quelques semaines, Mme Deneault a cessé de visiter l'urgence",
    ]),
    ("V1SAGES — recommandations, gestion de cas en établissement (échantillon de 5)",
     "/facteurs-de-succes/v1sages-recommandations-etablissement/", "v1sages", V1SAGES_RECOMMENDATIONS_ESTABLISHMENT),
    ("V1SAGES — recommandations, intervention pivot en GMF (échantillon de 5)",
     "/facteurs-de-succes/v1sages-recommandations-gmf/", "v1sages", V1SAGES_RECOMMENDATIONS_GMF),
    ("V1SAGES — les 11 messages clés", "/facteurs-de-succes/v1sages-messages-cles/", "v1sages", V1SAGES_KEY_MESSAGES),
    ("V1SAGES — standard de soins en 11 étapes, avec durées", "/mettre-en-oeuvre/v1sages-standard-de-soins/", "v1sages", [
        "Étape 1 : Identification de la personne",
        "Vérification de la complexité des besoins",
        "(≈ 1 semaine¹)",
        "Étape 3 : Confirmation de la complexité des besoins (≈ 2 semaines)",
        "Étape 4 : Analyse du dossier (≈ 2 semaines)",
        "Étape 5 : Identification des services/ressources (≈ 2 semaines concomitantes avec l'étape 4)",
        "Étape 6 : Évaluation de la situation avec la personne (≈ 2 semaines)",
        "Étape 7 : Planification d'une rencontre pour développer le plan de services individualisé (PSI) (≈ 2 semaines)",
        "Étape 8 : Animation de la rencontre",
        "Étape 9 : Rédaction du PSI (≈ 1 semaine)",
        "Étape 10 : Coordination des services (selon le PSI jusqu'à la révision de celui-ci après ≈ 3 mois)",
        "Étape 11 : Évaluation et ajustement du PSI (≈ 2 semaines)",
    ]),
]

# The seven sources of the complexity table; the seed misspells the last one « INTERMERD ».
COMPLEXITY_SOURCES = ["Schaink", "Safford", "Case Management Society of America", "Purdy",
                      "Castlefields", "Evercare", "INTERMED"]

# ---------------------------------------------------------------------------------------------
# 4. Exact figures and names: (phrase, seed). Each must be in the seed and somewhere on the site.
# ---------------------------------------------------------------------------------------------
FIGURES: list[tuple[object, str]] = [
    # HAS 2014
    ("879 euros", "has"),
    ("34 à 49 %", "has"),
    ("475 889 adhérents", "has"),
    ("1,9 millions", "has"),
    ("82,6 % vs 79,1 %", "has"),
    ("12,6 % vs 30,1 %", "has"),
    ("2 135 patients", "has"),
    ("Chaque accompagnateur a suivi 120 patients", "has"),
    ("9 200 patients", "has"),
    ("200 à 250 patients", "has"),
    ("74 % des patients", "has"),
    ("à 44 %", "has"),
    ("chez 32 % des patients", "has"),
    ("1 748 patients", "has"),
    ("133 922", "has"),
    ("62 cellules d'appui régionales", "has"),
    ("inférieur de 30 %", "has"),
    ("inférieur de 33 %", "has"),
    ("utiles dans 90 % des situations", "has"),
    ("durant 2 h 30 et pendant 6 mois", "has"),
    ("entre 50 et 80", "has"),
    ("40 situations complexes", "has"),
    ("Au-delà de cinquante situations en file active", "has"),
    ("estiment que 25 % de leurs patients sont en situation complexe", "has"),
    ("pendant 2 ans sur 17 sites français", "has"),
    ("décret n° 2011-1210 du 29 septembre 2011", "has"),
    ("Arrêté du 16 novembre 2012", "has"),
    ("AFM-Téléthon en 1988", "has"),
    ("neuf coordinatrices d'appui", "has"),
    ("2,76 fois plus de chance", "has"),
    ("18 309 patients", "has"),
    ("351 personnes âgées de 65 ans et plus (243 femmes et 108 hommes)", "has"),
    ("4 318 personnes âgées de 65 ans ou plus", "has"),
    ("Infirmière avec expérience clinique (3 à 5 ans minimum)", "has"),
    # Somme
    (("<60 par définition, <40 en pratique", "< 60 par définition, < 40 en pratique"), "somme"),
    ("(> 100 voire > 150)", "somme"),
    ("7 sept 2015", "somme"),
    ("Mr José", "somme"),
    ("Pr Dominique Somme", "somme"),
    # Article
    ("entre 1993 et 2001", "article"),
    ("créée en 2013", "article"),
    # Proxicare
    ("1 000 CPTS", "proxicare"),
    ("13 août 2004", "proxicare"),
    ("juillet 2022", "proxicare"),
    ("article 51", "proxicare"),
    # V1SAGES
    ("au moins 6 visites à l'urgence dans la dernière année", "v1sages"),
    ("environ 30 patients", "v1sages"),
    ("88 km²", "v1sages"),
    ("446 800 personnes", "v1sages"),
    ("385 000", "v1sages"),
    ("plus de 72 % vivent à Gatineau", "v1sages"),
    ("plus de 100 fois", "v1sages"),
    ("37 principaux acteurs", "v1sages"),
    ("Formation de 4 heures", "v1sages"),
    ("331 milliards au Canada et 75 milliards au Québec en 2022", "v1sages"),
    ("Près de 80 % des coûts des soins de santé", "v1sages"),
    ("l'équivalent de 0,5 ETP", "v1sages"),
    ("Mme Deneault", "v1sages"),
    ("Catherine Hudon", "v1sages"),
    ("Maud-Christine Chouinard", "v1sages"),
]

# Deliberately wrong figures: none may appear anywhere on the site (negative control).
WRONG_FIGURES = ["880 euros", "475 890 adhérents", "9 300 patients", "89 km²"]
